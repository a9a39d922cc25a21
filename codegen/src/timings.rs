//! How long each stage of [`crate::generate`] took, for `xtask generate --timings`: a clock
//! read between stages, never part of the output.

use std::fmt;
use std::time::{Duration, Instant};

/// The stages in the order they ran, each with the wall time since the previous one ended.
#[derive(Debug, Clone)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
    since: Instant,
}

impl Timings {
    /// Starts the clock of the first stage.
    pub fn start() -> Self {
        Timings { stages: Vec::new(), since: Instant::now() }
    }

    /// Ends `stage`, started when the previous one ended, and starts the next.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now.saturating_duration_since(self.since)));
        self.since = now;
    }

    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

/// One stage a line (`stage  12.3 ms  45%`), then the total.
impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.total();
        let width = self.stages.iter().map(|(s, _)| s.len()).max().unwrap_or(0).max("total".len());
        for (stage, took) in &self.stages {
            let share = if total.is_zero() { 0.0 } else { 100.0 * took.as_secs_f64() / total.as_secs_f64() };
            writeln!(f, "{stage:<width$} {:>10.1} ms {share:>5.1}%", took.as_secs_f64() * 1e3)?;
        }
        write!(f, "{:<width$} {:>10.1} ms", "total", total.as_secs_f64() * 1e3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_keep_their_order_and_add_up_to_the_total() {
        let mut t = Timings::start();
        t.lap("load");
        std::thread::sleep(Duration::from_millis(2));
        t.lap("emit");
        let names: Vec<&str> = t.stages().iter().map(|(s, _)| *s).collect();
        assert_eq!(names, ["load", "emit"]);
        assert!(t.stages()[1].1 >= Duration::from_millis(2), "{t}");
        assert_eq!(t.total(), t.stages()[0].1 + t.stages()[1].1);
        let text = t.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("load ") && lines[1].starts_with("emit ") && lines[2].starts_with("total "), "{text}");
        assert!(lines[1].ends_with('%') && lines[2].ends_with(" ms"), "{text}");
    }

    #[test]
    fn no_stages_print_a_zero_total() {
        let t = Timings::start();
        assert_eq!(t.total(), Duration::ZERO);
        assert!(t.to_string().starts_with("total "), "{t}");
    }
}
