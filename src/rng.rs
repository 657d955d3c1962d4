//! Seeded random numbers: a named, portable generator and draws that give
//! the same bits on every machine.
//!
//! The simulation draws from it, and so does the synthetic roster of
//! `[roster.generate]`; it is a leaf of the crate (it imports nothing of
//! reorg) so that both can use it without the scenario layer reaching up into
//! the simulator.
//!
//! The generator is ChaCha8 (`rand::rngs::ChaCha8Rng`), whose output stream
//! is fixed by its specification, seeded with `seed_from_u64(seed)` and put on
//! `set_stream(stream)` (the run index in a batch). Uniform and normal draws
//! are computed here from raw `u64`s with additions and multiplications only:
//! no `ln`, `cos` or other functions whose last bit can differ between math
//! libraries, and no helper from `rand` whose algorithm may change between
//! versions.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};

/// The generator of a run or of a synthetic roster.
#[derive(Debug)]
pub struct SimRng {
    inner: ChaCha8Rng,
}

/// 2^-53, to turn 53 random bits into a float in [0, 1).
const UNIT: f64 = 1.0 / (1u64 << 53) as f64;
/// 2^-16, to turn 16 random bits into a float in [0, 1).
const UNIT16: f64 = 1.0 / 65536.0;
/// sqrt(3): the sum of four uniforms has variance 1/3.
const SQRT_3: f64 = 1.732_050_807_568_877_2;

impl SimRng {
    /// A generator for `seed`, on stream `stream`.
    pub fn new(seed: u64, stream: u64) -> SimRng {
        let mut inner = ChaCha8Rng::seed_from_u64(seed);
        inner.set_stream(stream);
        SimRng { inner }
    }

    /// The next raw 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A uniform draw in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * UNIT
    }

    /// An approximately standard normal draw: the sum of four 16-bit uniforms
    /// from one `u64`, centred and scaled to unit variance (Irwin–Hall with
    /// n = 4). It is bounded at ±3.46, which suits taste and exam noise.
    pub fn normal(&mut self) -> f64 {
        let bits = self.next_u64();
        let parts =
            (bits & 0xFFFF) + ((bits >> 16) & 0xFFFF) + ((bits >> 32) & 0xFFFF) + (bits >> 48);
        // Each uniform is (part + 0.5) / 2^16; summing the parts as integers
        // and adding the four halves once gives the same bits, exactly.
        let sum = (parts as f64 + 2.0) * UNIT16;
        (sum - 2.0) * SQRT_3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the generator: if these change, every published result changes.
    #[test]
    fn first_draws_are_pinned() {
        let mut rng = SimRng::new(2017, 0);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(first, PINNED_2017);
        let mut stream_1 = SimRng::new(2017, 1);
        assert_eq!(stream_1.next_u64(), PINNED_2017_STREAM_1);
    }

    // Computed independently with rand_chacha 0.3 / rand_core 0.6 (the rand 0.8
    // generation of the crates): `ChaCha8Rng::seed_from_u64(2017)`, `set_stream(s)`.
    const PINNED_2017: [u64; 3] = [
        11029768060337706814,
        16976543717822379072,
        4669298209096248991,
    ];
    const PINNED_2017_STREAM_1: u64 = 7533586547535649502;

    #[test]
    fn normal_draws_have_unit_variance() {
        let mut rng = SimRng::new(1, 0);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "variance {var}");
        assert!(draws.iter().all(|x| x.abs() <= 2.0 * SQRT_3));
    }

    #[test]
    fn uniform_draws_stay_in_the_unit_interval() {
        let mut rng = SimRng::new(5, 3);
        let draws: Vec<f64> = (0..100_000).map(|_| rng.uniform()).collect();
        assert!(draws.iter().all(|&u| (0.0..1.0).contains(&u)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - 0.5).abs() < 0.005, "mean {mean}");
    }
}
