//! What `reorg report` shows beyond one run, as values every format reads:
//! two scenarios side by side ([`Compared`]) and one run with the spread of
//! its figures over many ([`WithSpread`]). The page is their HTML; the
//! other formats are those of the comparison or the run they hold.

use super::Render;
use super::document::Document;
use super::html::spread::Spread;
use super::labels::Lang;
use super::sheet::Sheet;
use super::view::View;
use crate::batch::compare::Comparison;
use crate::batch::risk::RiskReport;

/// Two sides compared, with one run of each for the figures.
#[derive(Debug, Clone, Copy)]
pub struct Compared<'r> {
    /// The comparison (`reorg compare`'s value).
    pub comparison: &'r Comparison,
    /// One run of side A (the seed's first stream).
    pub a: View<'r>,
    /// One run of side B.
    pub b: View<'r>,
}

impl Render for Compared<'_> {
    fn document(&self, lang: Lang) -> Document {
        self.comparison.document(lang)
    }
    fn json(&self) -> String {
        self.comparison.json()
    }
    fn csv(&self) -> String {
        self.comparison.csv()
    }
    fn sheets(&self, lang: Lang) -> Vec<Sheet> {
        self.comparison.sheets(lang)
    }
    fn html(&self, lang: Lang) -> String {
        super::html::compare::page(self.comparison, &self.a, &self.b, lang)
    }
}

/// One run, and the statistics of many runs of the same scenario and seed.
#[derive(Debug, Clone, Copy)]
pub struct WithSpread<'r> {
    /// The run.
    pub view: View<'r>,
    /// The runs' statistics.
    pub spread: Spread<'r>,
    /// The runs' risk per person and unit (the page draws the risk per unit).
    pub risk: &'r RiskReport,
}

impl Render for WithSpread<'_> {
    fn document(&self, lang: Lang) -> Document {
        self.view.document(lang)
    }
    fn json(&self) -> String {
        self.view.json()
    }
    fn csv(&self) -> String {
        self.view.csv()
    }
    fn sheets(&self, lang: Lang) -> Vec<Sheet> {
        self.view.sheets(lang)
    }
    fn html(&self, lang: Lang) -> String {
        super::html::run_page_with_figures(
            &self.view,
            lang,
            Some(&self.spread),
            &[super::html::risk::figure(self.risk, lang)],
        )
    }
}
