//! Small counts in aggregate tables (CLINICAL.md §7): a count of 1–4 is never shown.

/// The smallest count shown (and the smallest number at risk a curve goes on with).
pub const MIN_COUNT: usize = 5;

/// `count` when it may be shown (0, or 5 and up), else `None`.
pub fn shown(count: usize) -> Option<usize> {
    (count == 0 || count >= MIN_COUNT).then_some(count)
}

/// A proportion `part / whole` when both the part and the rest may be shown: a hidden part
/// must not be recoverable as `whole − rest`, nor the rest as `whole − part`.
pub fn proportion(part: usize, whole: usize) -> (Option<usize>, Option<f64>) {
    if whole < MIN_COUNT {
        return (None, None);
    }
    let rest = whole - part;
    if shown(part).is_none() || shown(rest).is_none() {
        return (None, None);
    }
    (Some(part), Some(round4(part as f64 / whole as f64)))
}

/// Rounded to 4 decimals, so CSV and Parquet carry the same value.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_one_to_four_are_hidden_and_cannot_be_recovered() {
        assert_eq!(shown(0), Some(0));
        assert_eq!(shown(4), None);
        assert_eq!(shown(5), Some(5));
        assert_eq!(proportion(10, 20), (Some(10), Some(0.5)));
        assert_eq!(proportion(3, 20), (None, None), "a small part");
        assert_eq!(proportion(18, 20), (None, None), "a small rest");
        assert_eq!(proportion(0, 20), (Some(0), Some(0.0)));
        assert_eq!(proportion(4, 4), (None, None), "a small whole");
    }
}
