//! Words of the report page's own figures (the leaders' ages, the cut-offs,
//! the faint small flows, the two-scenario page), in English and Chinese.
//! Kept apart from `labels` because only the page uses them.

use crate::report::labels::Lang;

/// The page's own words in one language.
#[derive(Debug)]
pub struct PageWords {
    /// Title of the leaders' age chart.
    pub ages_title: &'static str,
    /// Line under it.
    pub ages_note: &'static str,
    /// Title of the cut-off chart.
    pub cutoffs_title: &'static str,
    /// Line under it.
    pub cutoffs_note: &'static str,
    /// Line under the people Sankey when small flows are drawn faint: `{n}`
    /// is the least band drawn in full, `{people}` how many move in the
    /// faint ones.
    pub small_flows_note: &'static str,
    /// "years"
    pub years: &'static str,
    /// Title of the two-scenario page.
    pub compare_title: &'static str,
    /// Heading of its figure table.
    pub compare_figures: &'static str,
    /// Note when the difference test was made: `{runs}` runs per side.
    pub compare_noise_note: &'static str,
    /// Note when there was one run each: no test.
    pub compare_no_noise_note: &'static str,
    /// Mark of a difference beyond noise.
    pub beyond_mark: &'static str,
    /// Heading of the side-by-side figures.
    pub side_by_side: &'static str,
    /// Note under it: the figures are of one run of each side.
    pub side_by_side_note: &'static str,
    /// Title of the spread table (`reorg report --runs`).
    pub spread_title: &'static str,
    /// Line under it: `{runs}` runs.
    pub spread_note: &'static str,
    /// Heading of the column of this run's value in the spread table.
    pub this_run: &'static str,
}

const EN: PageWords = PageWords {
    ages_title: "Leaders' ages, before and after",
    ages_note: "Leaders in five-year age bands: at a leadership level before; holding a leadership seat in the new structure after.",
    cutoffs_title: "Cut-off per unit",
    cutoffs_note: "The lowest score admitted to any of the unit's posts; units without a contested post have none.",
    small_flows_note: "Flows of fewer than {n} people from one unit to another ({people} people in all) are drawn as faint lines under the others, so that the big movements stand out; every unit's bar is still its full number of people.",
    years: "years",
    compare_title: "Two scenarios side by side",
    compare_figures: "Headline figures",
    compare_noise_note: "Means over {runs} runs per side; ◆ marks a difference beyond Monte Carlo noise (|B − A| > 2 standard errors of the difference).",
    compare_no_noise_note: "One run of each side with the same seed: no noise test was made, so differences are not marked (run with --runs N to test them).",
    beyond_mark: "◆",
    side_by_side: "Side by side",
    side_by_side_note: "The figures below are those of one run of each side (the seed's first stream).",
    spread_title: "Spread over runs",
    spread_note: "This run's figures and their spread over {runs} runs of the same scenario and seed (streams 0 onward): 5th, 50th and 95th percentiles.",
    this_run: "this run",
};

const ZH: PageWords = PageWords {
    ages_title: "领导干部年龄分布（改革前后）",
    ages_note: "按五岁年龄段：改革前为领导职级人员；改革后为在新机构中担任领导职位的人员。",
    cutoffs_title: "各单位录取分数线",
    cutoffs_note: "单位各职位录取的最低分；没有竞争性职位的单位不设分数线。",
    small_flows_note: "从一个单位到另一个单位不足 {n} 人的流动（共 {people} 人）以浅色细线画在下层，以突出主要流向；每个单位的柱高仍为其全部人数。",
    years: "岁",
    compare_title: "两个方案对比",
    compare_figures: "主要指标",
    compare_noise_note: "每个方案运行 {runs} 次取均值；◆ 表示差异超出随机波动（|B − A| > 差值的 2 倍标准误）。",
    compare_no_noise_note: "两个方案各以相同随机种子运行 1 次：未做随机波动检验，差异未标注（使用 --runs N 进行检验）。",
    beyond_mark: "◆",
    side_by_side: "并列对比",
    side_by_side_note: "以下图表为每个方案的一次运行（随机种子的第一个随机流）。",
    spread_title: "多次运行的分布",
    spread_note: "本次运行的指标，以及同一方案、同一随机种子运行 {runs} 次（随机流从 0 起）的分布：第 5、50、95 百分位数。",
    this_run: "本次运行",
};

/// The page's own words in `lang`.
pub fn page_words(lang: Lang) -> &'static PageWords {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}
