#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn suppress(cells: Vec<Vec<u64>>) -> SuppressedTable {
    suppress_small_cells(&CountTable::new(cells).unwrap(), SMALL_CELL_THRESHOLD)
}

#[test]
fn primary_only_when_small_cells_already_protect_each_other() {
    let result = suppress(vec![vec![2, 3, 10], vec![4, 1, 10], vec![10, 10, 10]]);
    assert_eq!(
        result.cells,
        [
            [None, None, Some(10)],
            [None, None, Some(10)],
            [Some(10), Some(10), Some(10)]
        ]
    );
    assert_eq!(result.row_totals, [Some(15), Some(15), Some(30)]);
    assert_eq!(result.column_totals, [Some(16), Some(14), Some(30)]);
    assert_eq!(result.grand_total, Some(60));
    assert_eq!((result.primary, result.secondary), (4, 0));
}

#[test]
fn secondary_hides_the_complements_of_a_single_small_cell() {
    // 3 alone in its row and column: hide 10 (row), then 20 (column 0) and 30 (column 1).
    let result = suppress(vec![vec![3, 10], vec![20, 30]]);
    assert_eq!(result.cells, [[None, None], [None, None]]);
    assert_eq!(result.row_totals, [Some(13), Some(50)]);
    assert_eq!(result.column_totals, [Some(23), Some(40)]);
    assert_eq!((result.primary, result.secondary), (1, 3));
}

#[test]
fn secondary_suppression_iterates_to_a_fixpoint() {
    // Pass 1: row 0 hides 10; column 0 hides 8; column 1 hides 7.
    // Pass 2: row 1 hides 9; row 2 hides 6; column 2 hides 12. Pass 3 changes nothing.
    let result = suppress(vec![vec![10, 3, 12], vec![8, 9, 15], vec![20, 7, 6]]);
    assert_eq!(
        result.cells,
        [
            [None, None, None],
            [None, None, Some(15)],
            [Some(20), None, None]
        ]
    );
    assert_eq!(result.row_totals, [Some(25), Some(32), Some(33)]);
    assert_eq!((result.primary, result.secondary), (1, 6));
}

#[test]
fn small_totals_are_suppressed_and_protected_too() {
    // Column totals 3 and 7 with grand total 10: hiding 3 forces hiding 7.
    let result = suppress(vec![vec![2, 3], vec![1, 4]]);
    assert_eq!(result.cells, [[None, None], [None, None]]);
    assert_eq!(result.row_totals, [Some(5), Some(5)]);
    assert_eq!(result.column_totals, [None, None]);
    assert_eq!(result.grand_total, Some(10));
    assert_eq!((result.primary, result.secondary), (5, 1));
}

#[test]
fn single_column_hides_each_row_total_with_its_cell() {
    // A row total equals its only cell: 4 is hidden in both; the column then needs a
    // complement, the smallest being 9, whose total goes with it.
    let result = suppress(vec![vec![4], vec![12], vec![9]]);
    assert_eq!(result.cells, [[None], [Some(12)], [None]]);
    assert_eq!(result.row_totals, [None, Some(12), None]);
    assert_eq!(result.column_totals, [Some(25)]);
    assert_eq!((result.primary, result.secondary), (2, 2));
}

#[test]
fn ragged_or_empty_tables_are_refused() {
    let ragged = CountTable::new(vec![vec![1, 2], vec![3]]).unwrap_err();
    assert_eq!(ragged.field, "[1]");
    assert!(CountTable::new(vec![]).is_err());
    assert!(CountTable::new(vec![vec![]]).is_err());
}
