//! Reading and checking rows on one thread while the transaction's thread writes the previous
//! batch: on two cores the import then runs as fast as the slower of the two, not their sum.
//! Batches travel over a channel of [`IN_FLIGHT`] batches of [`BATCH`] rows, so memory stays
//! bounded whatever the file size.

use std::io::BufRead;
use std::sync::mpsc::sync_channel;

use super::cells::Row;
use super::csv::CsvReader;
use super::header::Header;
use super::report::{Report, RowError};
use super::run::ImportError;

/// Rows per batch (also the rows per identity lookup).
pub const BATCH: usize = 1_000;
/// Batches read ahead of the writer.
pub const IN_FLIGHT: usize = 4;

/// A checked row: its line and what `prepare` made of it.
pub type Item<T> = (u64, T);

/// Reads every record after the header, turns each into a `T` with `prepare` (on the reading
/// thread), and hands batches of good rows to `apply` (on this thread). Bad records and rows go
/// to `report`. Returns the reader, positioned at the end of the input.
pub fn run<R, T, P, A>(
    mut csv: CsvReader<R>,
    header: &Header,
    report: &mut Report,
    prepare: P,
    mut apply: A,
) -> Result<CsvReader<R>, ImportError>
where
    R: BufRead + Send,
    T: Send,
    P: Fn(&mut Row<'_>) -> Option<T> + Sync,
    A: FnMut(Vec<Item<T>>, &mut Report) -> Result<(), ImportError>,
{
    type Batch<T> = Vec<(u64, Result<T, Vec<RowError>>)>;
    std::thread::scope(|s| {
        let (send, receive) = sync_channel::<Batch<T>>(IN_FLIGHT);
        let prepare = &prepare;
        let reader = s.spawn(move || -> std::io::Result<CsvReader<R>> {
            let mut batch: Batch<T> = Vec::with_capacity(BATCH);
            while let Some(record) = csv.next_record()? {
                let line = record.line;
                let result = match record.fields {
                    Err(why) => Err(vec![RowError::new(line, "", why)]),
                    Ok(cells) if cells.len() != header.width() => Err(vec![RowError::new(
                        line,
                        "",
                        format!(
                            "the row has {} cells where the header has {}",
                            cells.len(),
                            header.width()
                        ),
                    )]),
                    Ok(cells) => {
                        let mut row = Row::new(line, header, &cells);
                        let item = prepare(&mut row);
                        match item {
                            Some(item) if row.errors.is_empty() => Ok(item),
                            _ if row.errors.is_empty() => {
                                Err(vec![RowError::new(line, "", "the row cannot be read")])
                            }
                            _ => Err(row.errors),
                        }
                    }
                };
                batch.push((line, result));
                if batch.len() == BATCH
                    && send
                        .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .is_err()
                {
                    return Ok(csv);
                }
            }
            if !batch.is_empty() {
                let _ = send.send(batch);
            }
            Ok(csv)
        });
        let mut failed = None;
        for batch in receive.iter() {
            report.rows_total += batch.len() as u64;
            let mut good = Vec::with_capacity(batch.len());
            for (line, result) in batch {
                match result {
                    Ok(item) => good.push((line, item)),
                    Err(errors) => report.fail(errors),
                }
            }
            if let Err(e) = apply(good, report) {
                failed = Some(e);
                break;
            }
        }
        // Dropping the receiver stops the reader at its next batch.
        drop(receive);
        let csv = reader
            .join()
            .map_err(|_| ImportError::internal("the reading thread panicked"))?;
        match failed {
            Some(e) => Err(e),
            None => csv.map_err(ImportError::from),
        }
    })
}
