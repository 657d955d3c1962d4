//! Every view of one run (`reorg run`, `reorg report`): tables and
//! Markdown from the run report, the workbook from its sheets, the page from
//! the HTML report. In a file of its own so that the renderers it calls can
//! all read [`View`] without importing each other.

use super::Render;
use super::document::Document;
use super::labels::Lang;
use super::names::Names;
use super::run::{csv, document, json};
use super::sheet::Sheet;
use super::view::View;

impl Render for View<'_> {
    fn document(&self, lang: Lang) -> Document {
        document(
            self.report,
            &Names::new(self.report, self.graph),
            self.with_people,
            lang,
        )
    }
    fn json(&self) -> String {
        json(self.report, self.with_people)
    }
    fn csv(&self) -> String {
        csv(self.report, self.with_people)
    }
    fn sheets(&self, lang: Lang) -> Vec<Sheet> {
        super::sheets::run(self, lang)
    }
    fn html(&self, lang: Lang) -> String {
        super::html::run_page(self, lang)
    }
}
