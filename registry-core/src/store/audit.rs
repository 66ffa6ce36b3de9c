//! The audit trail: every create, edit, delete, import, export and login appends one event in the
//! same transaction as the change. Events form hash chains, [`LANES`] per center (`chain` =
//! `{center id}/{lane}`, see [`chain_for`]) and one for events of no center (`global`): each
//! event stores the SHA-256 of the previous
//! event of its chain, and `audit_heads` holds each chain's last link. Altering, deleting or
//! reordering an event breaks the chain at that event, and [`verify`] names it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::schema::{audit_events, audit_heads};
use super::{DbConn, StoreError, WriteCtx};

pub mod records;

pub use records::RecordMismatch;

/// The `prev_hash` of the first event of every chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// The chain of events that belong to no center.
pub const GLOBAL_CHAIN: &str = "global";

/// Parallel chains ("lanes") per center. One chain per center would make every write of a center
/// wait for the previous one's commit (each event needs the previous hash); with lanes, writes
/// to different records proceed side by side while each record's history stays in one chain, in
/// order, and every lane is verified like any chain.
pub const LANES: u8 = 16;

/// The chain an event goes to: `global` without a center, else `{center}/{lane}` with the lane
/// chosen by the record's id (so a record's create, edits and deletion share one chain).
pub fn chain_for(center_id: Option<&str>, entity_id: Option<&str>) -> String {
    match center_id {
        None => GLOBAL_CHAIN.to_owned(),
        Some(center) => {
            let lane = entity_id.map_or(0, |id| Sha256::digest(id.as_bytes())[0] % LANES);
            format!("{center}/{lane:x}")
        }
    }
}

/// One stored audit event.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = audit_events, treat_none_as_default_value = false)]
pub struct AuditEvent {
    /// Event id.
    pub id: String,
    /// The chain (center id or `global`).
    pub chain: String,
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When it happened (UTC).
    pub occurred_at: NaiveDateTime,
    /// Who did it.
    pub actor_id: Option<String>,
    /// The actor's role then.
    pub actor_role: Option<String>,
    /// The center the record belongs to.
    pub center_id: Option<String>,
    /// What kind of record (`patient`, `visit`, `login`, …).
    pub entity: String,
    /// Which record.
    pub entity_id: Option<String>,
    /// `create`, `update`, `delete`, `import`, `export`, `login`, …
    pub action: String,
    /// Why (required for edits and deletions).
    pub reason: Option<String>,
    /// The record before (JSON), for edits and deletions.
    pub before_json: Option<String>,
    /// The record after (JSON), for creations and edits.
    pub after_json: Option<String>,
    /// The HTTP request id.
    pub request_id: Option<String>,
    /// SHA-256 of the previous event of the chain.
    pub prev_hash: String,
    /// SHA-256 of this event (over `prev_hash` and every other field).
    pub hash: String,
}

/// `io::Write` into a SHA-256.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What to record; the chain position and hashes are added by [`append`].
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// What kind of record.
    pub entity: &'static str,
    /// Which record.
    pub entity_id: Option<String>,
    /// The action.
    pub action: &'static str,
    /// The center the record belongs to (selects the chain).
    pub center_id: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// The record before (JSON, see [`json`]).
    pub before: Option<String>,
    /// The record after (JSON, see [`json`]).
    pub after: Option<String>,
}

/// A record as the trail stores it: its JSON serialisation, fields in declaration order.
pub fn json<T: serde::Serialize + ?Sized>(record: &T) -> Option<String> {
    serde_json::to_string(record).ok()
}

impl AuditEvent {
    /// The SHA-256 this event must carry, from its fields and its `prev_hash`.
    pub fn compute_hash(&self) -> String {
        // The JSON array of the fields, written straight into the hash.
        let fields = (
            &self.prev_hash,
            &self.chain,
            self.seq,
            &self.id,
            self.occurred_at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
            &self.actor_id,
            &self.actor_role,
            &self.center_id,
            &self.entity,
            &self.entity_id,
            &self.action,
            &self.reason,
            &self.before_json,
            &self.after_json,
            &self.request_id,
        );
        let mut hasher = HashWriter(Sha256::new());
        // Writing into a hash cannot fail, and the fields are strings and numbers.
        let _ = serde_json::to_writer(&mut hasher, &fields);
        hex::encode(hasher.0.finalize())
    }
}

/// Appends `entry` to its chain, in the caller's transaction. Takes the chain head's row lock on
/// PostgreSQL (SQLite already holds the database write lock in [`DbConn::write`]). In a
/// transaction run by [`write_deferred`](super::write_deferred) the entry is held back and
/// appended with the transaction's other entries just before it commits (see [`flush`]).
pub fn append(conn: &mut DbConn, ctx: &WriteCtx, entry: Entry) -> Result<(), StoreError> {
    if let Some(pending) = &ctx.pending {
        pending.push(entry);
        return Ok(());
    }
    append_now(conn, ctx, entry)
}

/// Entries held back until the end of their transaction, in the order they were made.
#[derive(Debug, Default)]
pub struct Pending(std::sync::Mutex<Vec<Entry>>);

impl Pending {
    fn push(&self, entry: Entry) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(entry);
    }

    fn take(&self) -> Vec<Entry> {
        std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

/// Appends the entries `ctx` held back ([`append`] and [`append_many`] in a deferred
/// transaction) as [`append_many`] would at once: the heads of their chains are locked together, in chain order, at the end of
/// the transaction. So a transaction that writes several records (a visit with its lab panel)
/// holds its chain heads only while it commits, and two such transactions of one center cannot
/// lock each other's heads in opposite orders. Returns the number of events written.
pub fn flush(conn: &mut DbConn, ctx: &WriteCtx) -> Result<usize, StoreError> {
    let Some(pending) = &ctx.pending else {
        return Ok(0);
    };
    let entries = pending.take();
    if entries.len() > FEW {
        return append_many_now(conn, ctx, entries);
    }
    // A few events: one by one with the prepared single-event statements, chains in order.
    let written = entries.len();
    for entry in by_chain(entries).into_values().flatten() {
        append_now(conn, ctx, entry)?;
    }
    Ok(written)
}

/// `entries` by chain, chains in order (the order their heads are locked in), each chain's
/// entries in the order given.
fn by_chain(entries: Vec<Entry>) -> std::collections::BTreeMap<String, Vec<Entry>> {
    let mut chains: std::collections::BTreeMap<String, Vec<Entry>> = Default::default();
    for entry in entries {
        let chain = chain_for(entry.center_id.as_deref(), entry.entity_id.as_deref());
        chains.entry(chain).or_default().push(entry);
    }
    chains
}

/// Up to this many held-back events are appended one by one (three prepared statements each);
/// more go through [`append_many`] (a constant number of statements).
const FEW: usize = 3;

fn append_now(conn: &mut DbConn, ctx: &WriteCtx, entry: Entry) -> Result<(), StoreError> {
    let chain = chain_for(entry.center_id.as_deref(), entry.entity_id.as_deref());
    let (seq, prev_hash) = lock_head(conn, &chain)?;
    let mut event = AuditEvent {
        id: super::new_id(),
        chain,
        seq: seq + 1,
        occurred_at: ctx.now,
        actor_id: Some(ctx.actor.user_id.clone()),
        actor_role: Some(ctx.actor.role.code().to_owned()),
        center_id: entry.center_id,
        entity: entry.entity.to_owned(),
        entity_id: entry.entity_id,
        action: entry.action.to_owned(),
        reason: entry.reason,
        before_json: entry.before,
        after_json: entry.after,
        request_id: ctx.request_id.clone(),
        prev_hash,
        hash: String::new(),
    };
    event.hash = event.compute_hash();
    diesel::insert_into(audit_events::table)
        .values(&event)
        .execute(conn)?;
    diesel::update(audit_heads::table.find(&event.chain))
        .set((
            audit_heads::seq.eq(event.seq),
            audit_heads::hash.eq(&event.hash),
        ))
        .execute(conn)?;
    Ok(())
}

/// Appends every entry, in order, to its chain: the same events [`append`] would write one by
/// one (one per entry, each hashed over the one before it), in a constant number of statements
/// whatever the number of entries: the heads of all the chains concerned are locked in one query
/// (in chain order, so two bulk writers cannot deadlock each other), the chains are built in
/// parallel (they do not depend on each other), the events are inserted together (PostgreSQL's
/// `COPY`, SQLite's prepared `INSERT` per row) and the heads moved on in one statement. For bulk
/// writers (the demo generator, `create_many`); returns the number of events written. In a
/// deferred transaction ([`write_deferred`](super::write_deferred)) the entries are held back
/// like [`append`]'s.
pub fn append_many(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    entries: Vec<Entry>,
) -> Result<usize, StoreError> {
    let written = entries.len();
    if written == 0 {
        return Ok(0);
    }
    if let Some(pending) = &ctx.pending {
        for entry in entries {
            pending.push(entry);
        }
        return Ok(written);
    }
    append_many_now(conn, ctx, entries)
}

/// [`append_many`] at once, whether or not `ctx` defers.
fn append_many_now(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    entries: Vec<Entry>,
) -> Result<usize, StoreError> {
    let written = entries.len();
    if written == 0 {
        return Ok(0);
    }
    let by_chain = by_chain(entries);
    let names: Vec<String> = by_chain.keys().cloned().collect();
    let mut heads = lock_heads(conn, &names)?;
    let work: Vec<_> = by_chain
        .into_iter()
        .map(|(chain, list)| {
            let head = heads
                .remove(&chain)
                .unwrap_or_else(|| (0, GENESIS.to_owned()));
            (chain, head, list)
        })
        .collect();
    let built = super::batch::par_map_owned(work, |(chain, head, list)| {
        chain_events(ctx, chain, head, list)
    });
    let new_heads: Vec<(String, i64, String)> = built
        .iter()
        .filter_map(|events| events.last())
        .map(|last| (last.chain.clone(), last.seq, last.hash.clone()))
        .collect();
    let events: Vec<AuditEvent> = built.into_iter().flatten().collect();
    super::batch::insert_rows!(conn, audit_events::table, &events)?;
    move_heads(conn, &new_heads)?;
    Ok(written)
}

/// The heads of `chains` (sorted, distinct), creating the missing ones, row-locked until commit
/// on PostgreSQL (SQLite holds the database write lock already). The missing heads are created
/// first, all of them, and only then are the heads locked, in chain order: a head that appears
/// between a read and the lock can never make two writers take the same heads in opposite
/// orders.
fn lock_heads(
    conn: &mut DbConn,
    chains: &[String],
) -> Result<std::collections::HashMap<String, (i64, String)>, StoreError> {
    let mut heads = std::collections::HashMap::with_capacity(chains.len());
    for part in chains.chunks(super::batch::MAX_IDS_PER_LOOKUP) {
        let genesis: Vec<_> = part
            .iter()
            .map(|c| {
                (
                    audit_heads::chain.eq(c),
                    audit_heads::seq.eq(0_i64),
                    audit_heads::hash.eq(GENESIS),
                )
            })
            .collect();
        match conn {
            DbConn::Pg(pg) => diesel::insert_into(audit_heads::table)
                .values(&genesis)
                .on_conflict_do_nothing()
                .execute(pg)?,
            DbConn::Sqlite(lite) => diesel::insert_or_ignore_into(audit_heads::table)
                .values(&genesis)
                .execute(lite)?,
        };
    }
    for part in chains.chunks(super::batch::MAX_IDS_PER_LOOKUP) {
        let found = read_heads(conn, part)?;
        if found.len() != part.len() {
            return Err(StoreError::NotFound);
        }
        heads.extend(found.into_iter().map(|(c, seq, hash)| (c, (seq, hash))));
    }
    Ok(heads)
}

/// The heads of `chains`, in chain order, row-locked on PostgreSQL.
fn read_heads(
    conn: &mut DbConn,
    chains: &[String],
) -> Result<Vec<(String, i64, String)>, StoreError> {
    let q = audit_heads::table
        .filter(audit_heads::chain.eq_any(chains))
        .select((audit_heads::chain, audit_heads::seq, audit_heads::hash))
        .order(audit_heads::chain);
    Ok(match conn {
        DbConn::Pg(pg) => q.for_update().load(pg)?,
        DbConn::Sqlite(lite) => q.load(lite)?,
    })
}

/// Sets each chain's head to its new last event: one statement on PostgreSQL, one per chain on
/// SQLite (in-process, no round trips).
fn move_heads(conn: &mut DbConn, heads: &[(String, i64, String)]) -> Result<(), StoreError> {
    match conn {
        DbConn::Pg(pg) => {
            use diesel::sql_types::{Array, BigInt, Text};
            let (chains, (seqs, hashes)): (Vec<&str>, (Vec<i64>, Vec<&str>)) = heads
                .iter()
                .map(|(c, s, h)| (c.as_str(), (*s, h.as_str())))
                .unzip();
            diesel::sql_query(
                "UPDATE audit_heads AS h SET seq = v.seq, hash = v.hash \
                 FROM unnest($1::text[], $2::int8[], $3::text[]) AS v(chain, seq, hash) \
                 WHERE h.chain = v.chain",
            )
            .bind::<Array<Text>, _>(chains)
            .bind::<Array<BigInt>, _>(seqs)
            .bind::<Array<Text>, _>(hashes)
            .execute(pg)?;
        }
        DbConn::Sqlite(lite) => {
            for (chain, seq, hash) in heads {
                diesel::update(audit_heads::table.find(chain))
                    .set((audit_heads::seq.eq(seq), audit_heads::hash.eq(hash)))
                    .execute(lite)?;
            }
        }
    }
    Ok(())
}

/// The events of `entries` appended to `chain` after its head `(seq, hash)`.
fn chain_events(
    ctx: &WriteCtx,
    chain: String,
    (mut seq, mut prev_hash): (i64, String),
    entries: Vec<Entry>,
) -> Vec<AuditEvent> {
    let mut events = Vec::with_capacity(entries.len());
    for entry in entries {
        seq += 1;
        let mut event = AuditEvent {
            id: super::new_id(),
            chain: chain.clone(),
            seq,
            occurred_at: ctx.now,
            actor_id: Some(ctx.actor.user_id.clone()),
            actor_role: Some(ctx.actor.role.code().to_owned()),
            center_id: entry.center_id,
            entity: entry.entity.to_owned(),
            entity_id: entry.entity_id,
            action: entry.action.to_owned(),
            reason: entry.reason,
            before_json: entry.before,
            after_json: entry.after,
            request_id: ctx.request_id.clone(),
            prev_hash,
            hash: String::new(),
        };
        event.hash = event.compute_hash();
        prev_hash = event.hash.clone();
        events.push(event);
    }
    events
}

/// The chain's last (seq, hash), creating the chain on first use, locked until commit. The head
/// is read first; only a chain's first event pays for the insert of its head.
fn lock_head(conn: &mut DbConn, chain: &str) -> Result<(i64, String), StoreError> {
    if let Some(head) = read_head(conn, chain)? {
        return Ok(head);
    }
    let genesis = (
        audit_heads::chain.eq(chain),
        audit_heads::seq.eq(0_i64),
        audit_heads::hash.eq(GENESIS),
    );
    match conn {
        DbConn::Pg(pg) => diesel::insert_into(audit_heads::table)
            .values(genesis)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_or_ignore_into(audit_heads::table)
            .values(genesis)
            .execute(lite)?,
    };
    read_head(conn, chain)?.ok_or(StoreError::NotFound)
}

/// The head of `chain`, row-locked on PostgreSQL (SQLite holds the database write lock already).
fn read_head(conn: &mut DbConn, chain: &str) -> Result<Option<(i64, String)>, StoreError> {
    let q = audit_heads::table
        .find(chain)
        .select((audit_heads::seq, audit_heads::hash));
    let head = match conn {
        DbConn::Pg(pg) => q.for_update().first::<(i64, String)>(pg).optional()?,
        DbConn::Sqlite(lite) => q.first::<(i64, String)>(lite).optional()?,
    };
    Ok(head)
}

/// Where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokenLink {
    /// The chain.
    pub chain: String,
    /// The position where it breaks.
    pub seq: i64,
    /// The event there, if one exists.
    pub event_id: Option<String>,
    /// What is wrong, in words.
    pub problem: String,
}

/// The result of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verification {
    /// Chains checked.
    pub chains: usize,
    /// Events checked.
    pub events: u64,
    /// The first broken link of each broken chain (empty when the trail is intact).
    pub broken: Vec<BrokenLink>,
    /// Clinical records compared with the trail.
    pub records: u64,
    /// Records (and imports) that disagree with the trail.
    pub mismatched: u64,
    /// The first of them, up to 100 per table ([`records`]).
    pub mismatches: Vec<RecordMismatch>,
}

impl Verification {
    /// True when every chain is intact and every record agrees with the trail.
    pub fn is_intact(&self) -> bool {
        self.broken.is_empty() && self.mismatched == 0
    }
}

/// Checks every chain from its first event to its head: consecutive positions, each `prev_hash`
/// equal to the previous event's hash, each hash recomputed from the fields, and the head equal
/// to the last event; then compares every clinical record with the trail ([`records`]: a row
/// deleted, added or changed behind the server's back). Reads in pages so memory stays bounded.
pub fn verify(conn: &mut DbConn) -> Result<Verification, StoreError> {
    const PAGE: i64 = 5_000;
    let heads: Vec<(String, i64, String)> = audit_heads::table
        .select((audit_heads::chain, audit_heads::seq, audit_heads::hash))
        .order(audit_heads::chain)
        .load(conn)?;
    let mut result = Verification {
        chains: 0,
        events: 0,
        broken: Vec::new(),
        records: 0,
        mismatched: 0,
        mismatches: Vec::new(),
    };
    let mut chains_with_events: Vec<String> = audit_events::table
        .select(audit_events::chain)
        .distinct()
        .load(conn)?;
    chains_with_events.retain(|c| !heads.iter().any(|(h, _, _)| h == c));
    for orphan in chains_with_events {
        result.broken.push(BrokenLink {
            chain: orphan,
            seq: 0,
            event_id: None,
            problem: "events exist for a chain that has no head".into(),
        });
    }
    for (chain, head_seq, head_hash) in heads {
        result.chains += 1;
        let mut expected_seq = 1_i64;
        let mut prev = GENESIS.to_owned();
        let mut broken: Option<BrokenLink> = None;
        'pages: loop {
            let page: Vec<AuditEvent> = audit_events::table
                .filter(audit_events::chain.eq(&chain))
                .filter(audit_events::seq.ge(expected_seq))
                .order(audit_events::seq)
                .limit(PAGE)
                .select(AuditEvent::as_select())
                .load(conn)?;
            if page.is_empty() {
                break;
            }
            for event in &page {
                result.events += 1;
                let problem = if event.seq != expected_seq {
                    Some(format!(
                        "event {expected_seq} is missing (next is {})",
                        event.seq
                    ))
                } else if event.prev_hash != prev {
                    Some("its prev_hash is not the hash of the event before it".to_owned())
                } else if event.compute_hash() != event.hash {
                    Some("its content does not match its hash (altered)".to_owned())
                } else {
                    None
                };
                if let Some(problem) = problem {
                    broken = Some(BrokenLink {
                        chain: chain.clone(),
                        seq: expected_seq,
                        event_id: Some(event.id.clone()),
                        problem,
                    });
                    break 'pages;
                }
                prev = event.hash.clone();
                expected_seq += 1;
            }
        }
        if broken.is_none() && (expected_seq - 1 != head_seq || prev != head_hash) {
            broken = Some(BrokenLink {
                chain: chain.clone(),
                seq: expected_seq,
                event_id: None,
                problem: format!(
                    "the chain ends at event {} but its head records event {head_seq}",
                    expected_seq - 1
                ),
            });
        }
        result.broken.extend(broken);
    }
    records::check(conn, &mut result)?;
    Ok(result)
}

/// Filters for reading the trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this kind of record.
    pub entity: Option<String>,
    /// Only this record.
    pub entity_id: Option<String>,
    /// Only this center's events.
    pub center_id: Option<String>,
    /// Events with an id after this cursor.
    pub after_id: Option<String>,
    /// At most this many.
    pub limit: i64,
}

/// Reads audit events, oldest first, by id cursor (ids are time-ordered).
pub fn list(conn: &mut DbConn, filter: &AuditFilter) -> Result<Vec<AuditEvent>, StoreError> {
    let mut q = audit_events::table
        .select(AuditEvent::as_select())
        .into_boxed();
    if let Some(e) = &filter.entity {
        q = q.filter(audit_events::entity.eq(e));
    }
    if let Some(id) = &filter.entity_id {
        q = q.filter(audit_events::entity_id.eq(id));
    }
    if let Some(c) = &filter.center_id {
        q = q.filter(audit_events::center_id.eq(c));
    }
    if let Some(after) = &filter.after_id {
        q = q.filter(audit_events::id.gt(after));
    }
    Ok(q.order(audit_events::id).limit(filter.limit).load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash is the SHA-256 of the compact JSON array of the fields: written straight into
    /// the hash, it must equal the array built as a value and printed (how chains were hashed
    /// before, and how anyone can recompute it).
    #[test]
    fn the_hash_is_the_sha256_of_the_json_array_of_the_fields() {
        let event = AuditEvent {
            id: "0190c1a2-0000-7000-8000-000000000001".into(),
            chain: "c/3".into(),
            seq: 42,
            occurred_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 29)
                .and_then(|d| d.and_hms_micro_opt(20, 1, 2, 345_678))
                .unwrap_or_default(),
            actor_id: Some("u".into()),
            actor_role: Some("center".into()),
            center_id: Some("c".into()),
            entity: "visit".into(),
            entity_id: Some("v\"1\"\\é".into()),
            action: "update".into(),
            reason: None,
            before_json: Some(r#"{"a":"x\ny","b":[1,2]}"#.into()),
            after_json: None,
            request_id: None,
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        let array = serde_json::json!([
            event.prev_hash,
            event.chain,
            event.seq,
            event.id,
            "2026-11-29T20:01:02.345678",
            event.actor_id,
            event.actor_role,
            event.center_id,
            event.entity,
            event.entity_id,
            event.action,
            event.reason,
            event.before_json,
            event.after_json,
            event.request_id,
        ]);
        let expected = hex::encode(Sha256::digest(array.to_string().as_bytes()));
        assert_eq!(event.compute_hash(), expected);
    }
}
