//! The page of `reorg report --runs N`: one run's page with the risk over
//! all the runs drawn after its figures. Every other view is the run's.

use super::Render;
use super::document::Document;
use super::labels::Lang;
use super::sheet::Sheet;
use super::view::View;
use crate::batch::risk::RiskReport;

/// One run shown with the risk of a batch of runs of the same scenario.
#[derive(Debug, Clone, Copy)]
pub struct RiskPage<'r> {
    /// The run (run 0 of the batch).
    pub view: View<'r>,
    /// The batch's risk.
    pub risk: &'r RiskReport,
}

impl Render for RiskPage<'_> {
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
        super::html::run_page_with(
            &self.view,
            lang,
            &[super::html::risk::figure(self.risk, lang)],
        )
    }
}
