//! Small-cell suppression of aggregate tables, with secondary suppression so a hidden count
//! cannot be recovered from the totals.
//!
//! The published table has its row totals, column totals and grand total, so its additive
//! relations are the lines of the table extended by a totals row and a totals column: every row
//! sums to its total, every column to its total, the row totals and the column totals each to
//! the grand total. Rules:
//! 1. **Primary**: every count below the threshold (default 5, zero included: "nobody at this
//!    center" can disclose too) is hidden, totals included.
//! 2. **Secondary**: a line with exactly one hidden entry would give it away by subtraction, so
//!    the smallest visible entry of that line is hidden too (ties: the first). Passes go over
//!    the rows (totals row last), then the columns (totals column last), until nothing changes.
//!
//! This blocks recovery by subtraction from one total. It is the usual greedy heuristic, not an
//! optimal (least-loss) suppression, and it does not audit how narrow the feasible interval of
//! a hidden cell is.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// Counts below this are suppressed in aggregate tables.
pub const SMALL_CELL_THRESHOLD: u64 = 5;

/// A rectangular table of counts (at least one row and one column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountTable {
    cells: Vec<Vec<u64>>,
}

impl CountTable {
    /// Parses `cells`, row by row; every row must have the same number of columns.
    pub fn new(cells: Vec<Vec<u64>>) -> Result<Self, FieldError> {
        let columns = cells.first().map_or(0, Vec::len);
        if columns == 0 {
            return Err(FieldError::new(
                "",
                "a table needs at least one row and one column",
            ));
        }
        if let Some(i) = cells.iter().position(|row| row.len() != columns) {
            return Err(FieldError::new(
                format!("[{i}]"),
                format!(
                    "row {i} has {} cells, the first row {columns}",
                    cells[i].len()
                ),
            ));
        }
        Ok(Self { cells })
    }

    /// The counts, row by row.
    pub fn cells(&self) -> &[Vec<u64>] {
        &self.cells
    }
}

/// A table as released: `None` where a count is suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressedTable {
    /// The cells, row by row.
    pub cells: Vec<Vec<Option<u64>>>,
    /// The total of each row.
    pub row_totals: Vec<Option<u64>>,
    /// The total of each column.
    pub column_totals: Vec<Option<u64>>,
    /// The total of the table.
    pub grand_total: Option<u64>,
    /// Entries (cells and totals) hidden for being below the threshold.
    pub primary: usize,
    /// Entries (cells and totals) hidden to protect the primary ones.
    pub secondary: usize,
}

/// Suppresses the counts of `table` below `threshold`, then the complements (module notes).
pub fn suppress_small_cells(table: &CountTable, threshold: u64) -> SuppressedTable {
    let values = extended(&table.cells);
    let (rows, columns) = (values.len(), values[0].len());
    let mut hidden: Vec<Vec<bool>> = values
        .iter()
        .map(|row| row.iter().map(|&v| v < threshold).collect())
        .collect();
    let primary = count(&hidden);
    let lines: Vec<Vec<(usize, usize)>> = (0..rows)
        .map(|i| (0..columns).map(|j| (i, j)).collect())
        .chain((0..columns).map(|j| (0..rows).map(|i| (i, j)).collect()))
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for line in &lines {
            if line.iter().filter(|&&(i, j)| hidden[i][j]).count() != 1 {
                continue;
            }
            let complement = line
                .iter()
                .filter(|&&(i, j)| !hidden[i][j])
                .min_by_key(|&&(i, j)| values[i][j]);
            if let Some(&(i, j)) = complement {
                hidden[i][j] = true;
                changed = true;
            }
        }
    }
    let secondary = count(&hidden) - primary;
    let shown: Vec<Vec<Option<u64>>> = values
        .iter()
        .zip(&hidden)
        .map(|(row, h)| {
            row.iter()
                .zip(h)
                .map(|(&v, &h)| (!h).then_some(v))
                .collect()
        })
        .collect();
    let (body, totals_row) = shown.split_at(rows - 1);
    SuppressedTable {
        cells: body.iter().map(|row| row[..columns - 1].to_vec()).collect(),
        row_totals: body.iter().map(|row| row[columns - 1]).collect(),
        column_totals: totals_row[0][..columns - 1].to_vec(),
        grand_total: totals_row[0][columns - 1],
        primary,
        secondary,
    }
}

/// The table with a totals column on the right and a totals row at the bottom.
fn extended(cells: &[Vec<u64>]) -> Vec<Vec<u64>> {
    let mut rows: Vec<Vec<u64>> = cells
        .iter()
        .map(|row| {
            let mut row = row.clone();
            row.push(row.iter().sum());
            row
        })
        .collect();
    let totals = (0..rows[0].len())
        .map(|j| rows.iter().map(|row| row[j]).sum())
        .collect();
    rows.push(totals);
    rows
}

fn count(hidden: &[Vec<bool>]) -> usize {
    hidden.iter().flatten().filter(|&&h| h).count()
}

#[cfg(test)]
#[path = "small_cells_tests.rs"]
mod tests;
