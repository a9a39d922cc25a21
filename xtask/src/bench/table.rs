//! The bench's output: one Markdown table, a row per figure, with the target it is held to.

use std::fmt::Write as _;

use super::stats::Ratio;

/// One figure: what we measured, what it is compared with, the ratio and the target.
pub struct Row {
    pub figure: String,
    pub ours: String,
    pub reference: String,
    /// `Err` with the reason a figure could not be measured in this run.
    pub ratio: Result<Ratio, String>,
    /// The target ratio (`ratio ≤ target`), if the issues set one.
    pub target: Option<f64>,
}

impl Row {
    pub fn skipped(figure: &str, why: &str) -> Row {
        Row { figure: figure.to_string(), ours: "—".into(), reference: "—".into(), ratio: Err(why.to_string()), target: None }
    }
}

pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from("| figure | ours | against | ratio: median (min–max, repeats) | target | met |\n|---|---|---|---|---|---|\n");
    for row in rows {
        let (ratio, met) = match &row.ratio {
            Ok(r) => (r.show(), row.target.map_or("—", |t| if r.median <= t { "yes" } else { "no" })),
            Err(why) => (format!("skipped: {why}"), "—"),
        };
        let target = row.target.map_or_else(|| "—".to_string(), |t| format!("≤ {t}×"));
        let _ = writeln!(out, "| {} | {} | {} | {} | {target} | {met} |", cell(&row.figure), cell(&row.ours), cell(&row.reference), cell(&ratio));
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
