//! Batched writes for bulk loaders (the demo generator, imports): many rows of one table with
//! PostgreSQL's `COPY`, or one prepared statement run per row on SQLite (`insert_rows!`). Each
//! batch function checks the references of its rows in bulk, as the single-row `create`
//! functions check them one by one, and audits every row with one event of its own
//! ([`audit::append_many`](super::audit::append_many)).

/// Most ids looked up in one `IN (…)` list.
pub(crate) const MAX_IDS_PER_LOOKUP: usize = 10_000;

/// Items below which [`par_map`] stays on the calling thread.
const PARALLEL_FROM: usize = 512;

fn cores() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 8)
}

/// `f` over `items`, in order, spread over the machine's cores: bulk writes serialise each row
/// for its audit event and hash each audit chain, pure work that needs no connection.
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let n = if items.len() < PARALLEL_FROM {
        1
    } else {
        cores()
    };
    if n <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(n);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<U>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// [`par_map`] over owned items of uneven size (audit chains): each item is one task, the
/// tasks are dealt round-robin over the workers; results in item order.
pub(crate) fn par_map_owned<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    let n = cores().min(items.len());
    if n <= 1 {
        return items.into_iter().map(f).collect();
    }
    let mut lanes: Vec<Vec<(usize, T)>> = (0..n).map(|_| Vec::new()).collect();
    for (i, item) in items.into_iter().enumerate() {
        lanes[i % n].push((i, item));
    }
    let f = &f;
    let mut out: Vec<(usize, U)> = std::thread::scope(|scope| {
        let handles: Vec<_> = lanes
            .into_iter()
            .map(|lane| {
                scope.spawn(move || lane.into_iter().map(|(i, t)| (i, f(t))).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, u)| u).collect()
}

/// Inserts `$rows` (a slice of insertable rows) into `$table`: on PostgreSQL with one binary
/// `COPY` (no bind parameters, PostgreSQL's fastest path), on SQLite with one prepared single-row
/// `INSERT` run for each row. The derived `MultiConnection` backend has neither, so this is the
/// one place that runs a bulk write on the inner connection of each backend. Evaluates to the
/// number of rows written.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {{
        use diesel::RunQueryDsl;
        let rows = $rows;
        match $conn {
            $crate::store::DbConn::Pg(c) => {
                if rows.is_empty() {
                    Ok(0)
                } else {
                    use diesel::ExecuteCopyFromDsl;
                    diesel::copy_from($table).from_insertable(rows).execute(c)
                }
            }
            $crate::store::DbConn::Sqlite(c) => {
                // One prepared single-row statement, run for every row: SQLite runs in-process,
                // so rows cost no round trips, and the statement is compiled once (a multi-row
                // `INSERT` would be parsed and compiled again for every chunk).
                rows.iter().try_fold(0, |written, row| {
                    diesel::insert_into($table)
                        .values(row)
                        .execute(c)
                        .map(|n| written + n)
                })
            }
        }
    }};
}
pub(crate) use insert_rows;
