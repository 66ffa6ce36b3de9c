//! The cohort's treatment episodes with their dose changes and interruptions: three statements,
//! the dose changes and interruptions put under their episode by its id.

use diesel::prelude::*;

use super::filter::{self, CohortFilter, Condition};
use super::group::outside;
use super::subquery::InSubquery;
use crate::store::schema::{dose_changes, interruptions, patients, treatment_episodes};
use crate::store::treatments::{DoseChangeRow, EpisodeRow, InterruptionRow, StoredHistory};
use crate::store::{DbConn, Scope, StoreError};

/// The rows (not deleted) of an episode table whose episode (not deleted) is in the cohort.
macro_rules! of_episodes {
    ($conn:expr, $scope:expr, $filter:expr, $table:ident, $Row:ty) => {{
        let episodes: Condition<treatment_episodes::table> =
            Box::new(treatment_episodes::deleted_at.is_null().and(InSubquery {
                column: treatment_episodes::patient_id,
                table: patients::table,
                selected: patients::id,
                condition: filter::patients($scope, $filter, true),
            }));
        let mut q = $table::table
            .filter($table::deleted_at.is_null())
            .filter(InSubquery {
                column: $table::episode_id,
                table: treatment_episodes::table,
                selected: treatment_episodes::id,
                condition: episodes,
            })
            .select(<$Row>::as_select())
            .into_boxed();
        if let Scope::Center(center) = $scope {
            q = q.filter($table::center_id.eq(center));
        }
        q.load::<$Row>($conn)?
    }};
}

/// The cohort's episodes, each with its dose changes and interruptions (in no order yet).
pub(super) fn histories(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
) -> Result<Vec<StoredHistory>, StoreError> {
    let mut episodes = of_cohort!(scope, filter, treatment_episodes, EpisodeRow).load(conn)?;
    episodes.sort_unstable_by(|a: &EpisodeRow, b| a.id.cmp(&b.id));
    let mut doses: Vec<Vec<DoseChangeRow>> = episodes.iter().map(|_| Vec::new()).collect();
    let mut pauses: Vec<Vec<InterruptionRow>> = episodes.iter().map(|_| Vec::new()).collect();
    let episode_of = |episode_id: &str, what: &str, id: &str| {
        episodes
            .binary_search_by(|e| e.id.as_str().cmp(episode_id))
            .map_err(|_| outside(what, &id))
    };
    for row in of_episodes!(conn, scope, filter, dose_changes, DoseChangeRow) {
        let k = episode_of(&row.episode_id, "dose change", &row.id)?;
        doses[k].push(row);
    }
    for row in of_episodes!(conn, scope, filter, interruptions, InterruptionRow) {
        let k = episode_of(&row.episode_id, "interruption", &row.id)?;
        pauses[k].push(row);
    }
    Ok(episodes
        .into_iter()
        .zip(doses)
        .zip(pauses)
        .map(|((episode, doses), pauses)| (episode, doses, pauses))
        .collect())
}
