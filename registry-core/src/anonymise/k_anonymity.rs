//! k-anonymity over quasi-identifier columns, and suppression of the rows that break it.
//!
//! Rows are the quasi-identifier values only (the caller projects them, e.g. age band, sex,
//! center, start year, drug, AA subtype). An equivalence class is a set of rows with equal values.

use std::collections::BTreeMap;

/// The default k of a release.
pub const DEFAULT_K: usize = 5;

fn class_sizes<S: Ord>(rows: &[Vec<S>]) -> BTreeMap<&[S], usize> {
    let mut sizes = BTreeMap::new();
    for row in rows {
        *sizes.entry(row.as_slice()).or_insert(0) += 1;
    }
    sizes
}

/// The size of the smallest equivalence class; `None` for no rows.
pub fn k_anonymity<S: Ord>(rows: &[Vec<S>]) -> Option<usize> {
    class_sizes(rows).into_values().min()
}

/// The indices of the rows kept (in their classes of at least `k` rows), and how many rows were
/// suppressed. Whole classes go, so what is kept is k-anonymous (or empty).
pub fn suppress_below_k<S: Ord>(rows: &[Vec<S>], k: usize) -> (Vec<usize>, usize) {
    let sizes = class_sizes(rows);
    let kept: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| sizes.get(row.as_slice()).is_some_and(|&n| n >= k))
        .map(|(i, _)| i)
        .collect();
    let suppressed = rows.len() - kept.len();
    (kept, suppressed)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn rows(spec: &[(&str, &str, &str, usize)]) -> Vec<Vec<String>> {
        spec.iter()
            .flat_map(|&(age, sex, center, n)| {
                std::iter::repeat_n(vec![age.to_owned(), sex.to_owned(), center.to_owned()], n)
            })
            .collect()
    }

    #[test]
    fn k_example_with_sex_is_1_without_sex_is_4() {
        let with_sex = rows(&[("30-39", "F", "A", 3), ("30-39", "M", "A", 1)]);
        assert_eq!(k_anonymity(&with_sex), Some(1));
        let without_sex: Vec<Vec<String>> = with_sex
            .iter()
            .map(|r| vec![r[0].clone(), r[2].clone()])
            .collect();
        assert_eq!(k_anonymity(&without_sex), Some(4));
    }

    #[test]
    fn suppression_removes_whole_small_classes() {
        let all = rows(&[
            ("30-39", "F", "A", 3),
            ("30-39", "M", "A", 1),
            ("40-49", "F", "B", 5),
        ]);
        let (kept, suppressed) = suppress_below_k(&all, 3);
        assert_eq!(kept, [0, 1, 2, 4, 5, 6, 7, 8]);
        assert_eq!(suppressed, 1);
        let (kept, suppressed) = suppress_below_k(&all, DEFAULT_K);
        assert_eq!(kept, [4, 5, 6, 7, 8]);
        assert_eq!(suppressed, 4);
    }

    #[test]
    fn no_rows_have_no_k() {
        assert_eq!(k_anonymity::<String>(&[]), None);
        assert_eq!(suppress_below_k::<String>(&[], 5), (vec![], 0));
    }

    proptest! {
        #[test]
        fn after_suppression_k_is_reached_or_nothing_is_left(
            raw in prop::collection::vec(prop::collection::vec(0_u8..3, 3), 0..60),
            k in 1_usize..8,
        ) {
            let (kept, suppressed) = suppress_below_k(&raw, k);
            prop_assert_eq!(kept.len() + suppressed, raw.len());
            let released: Vec<Vec<u8>> = kept.iter().map(|&i| raw[i].clone()).collect();
            match k_anonymity(&released) {
                None => prop_assert!(released.is_empty()),
                Some(reached) => prop_assert!(reached >= k),
            }
        }
    }
}
