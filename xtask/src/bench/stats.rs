//! Medians and spreads of paired samples: every figure of the bench is a ratio of two things
//! measured side by side, repeat by repeat, so that a slow moment of a shared machine hits
//! both sides of a pair alike.

/// The ratio `ours / reference` over interleaved repeats: the median of the per-repeat
/// ratios, and their smallest and largest.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub n: usize,
}

impl Ratio {
    /// `None` when no pair has a positive reference.
    pub fn of_pairs(pairs: &[(f64, f64)]) -> Option<Ratio> {
        let ratios: Vec<f64> = pairs.iter().filter(|(_, r)| *r > 0.0).map(|(o, r)| o / r).collect();
        let median = median(&ratios)?;
        let min = ratios.iter().copied().fold(f64::INFINITY, f64::min);
        let max = ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Some(Ratio { median, min, max, n: ratios.len() })
    }

    /// A single exact ratio (line counts), without spread.
    pub fn exact(ours: f64, reference: f64) -> Option<Ratio> {
        (reference > 0.0).then(|| {
            let r = ours / reference;
            Ratio { median: r, min: r, max: r, n: 1 }
        })
    }

    pub fn show(&self) -> String {
        if self.n <= 1 {
            format!("{:.2}×", self.median)
        } else {
            format!("{:.2}× ({:.2}–{:.2}, n={})", self.median, self.min, self.max, self.n)
        }
    }
}

/// The median, `None` for no samples.
pub fn median(samples: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let mid = sorted.get(n / 2).copied()?;
    if n % 2 == 1 {
        Some(mid)
    } else {
        sorted.get(n / 2 - 1).map(|low| (low + mid) / 2.0)
    }
}

/// The medians of both sides of the pairs.
pub fn medians(pairs: &[(f64, f64)]) -> (Option<f64>, Option<f64>) {
    let ours: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let reference: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    (median(&ours), median(&reference))
}

/// Seconds, milliseconds or microseconds, whichever reads best.
pub fn duration(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{:.1} µs", seconds * 1e6)
    }
}

/// `12,345`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn ratio_is_taken_per_pair() {
        // A slow second repeat that slows both sides must not move the ratio.
        let r = Ratio::of_pairs(&[(2.0, 1.0), (20.0, 10.0), (3.0, 1.0)]).map(|r| (r.median, r.min, r.max));
        assert_eq!(r, Some((2.0, 2.0, 3.0)));
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(6064), "6,064");
        assert_eq!(count(472_000), "472,000");
        assert_eq!(count(12), "12");
    }
}
