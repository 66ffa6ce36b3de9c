//! Demo mode: demo centers and one login per role, and a small built-in cohort, loaded through
//! the same store functions the API uses. Loading twice changes nothing.

use registry_core::patient::{Diagnosis, Sex};
use registry_core::role::Role;
use registry_core::store::patients::{self, NewPatient};
use registry_core::store::{Actor, WriteCtx, centers, users};

use crate::AppState;
use crate::error::ApiError;

/// The demo logins: (role, e-mail, password).
pub const LOGINS: [(&str, &str, &str, Option<&str>); 5] = [
    ("admin", "admin@demo.registry", "demo-admin-password", None),
    (
        "coordinator",
        "coordinator@demo.registry",
        "demo-coordinator-password",
        None,
    ),
    (
        "center",
        "umcu@demo.registry",
        "demo-center-password",
        Some("UMCU"),
    ),
    (
        "center",
        "erasmus@demo.registry",
        "demo-center-password",
        Some("EMC"),
    ),
    (
        "researcher",
        "researcher@demo.registry",
        "demo-researcher-password",
        None,
    ),
];

/// Loads the demo centers, users and cohort unless present; returns the logins to print.
pub async fn load(state: &AppState) -> Result<Vec<(String, String, String)>, ApiError> {
    let mut hashes = Vec::new();
    for (_, _, pw, _) in LOGINS {
        hashes.push(state.verifier.hash(pw.to_owned()).await?);
    }
    state
        .db
        .run(move |conn| {
            let ctx = WriteCtx::new(Actor::system());
            conn.write(|tx| {
                for (code, name) in [("UMCU", "UMC Utrecht"), ("EMC", "Erasmus MC")] {
                    if centers::by_code(tx, code).is_err() {
                        centers::create(tx, &ctx, code, name)?;
                    }
                }
                for ((role, email, _, center), hash) in LOGINS.iter().zip(hashes) {
                    if users::by_email(tx, email)?.is_some() {
                        continue;
                    }
                    let center_id = match center {
                        Some(code) => Some(centers::by_code(tx, code)?.id),
                        None => None,
                    };
                    let role =
                        Role::parse(role).ok_or_else(|| ApiError::Internal("demo role".into()))?;
                    users::create(
                        tx,
                        &ctx,
                        users::NewUser {
                            email: (*email).into(),
                            password_hash: hash,
                            role,
                            center_id,
                        },
                    )?;
                }
                let umcu = centers::by_code(tx, "UMCU")?;
                for (i, diagnosis) in [Diagnosis::Aa, Diagnosis::Ad, Diagnosis::Aa, Diagnosis::Ad]
                    .into_iter()
                    .enumerate()
                {
                    let local_ref = format!("DEMO-{:04}", i + 1);
                    if patients::by_local_ref(tx, &umcu.id, &local_ref)?.is_some() {
                        continue;
                    }
                    patients::create(
                        tx,
                        &ctx,
                        NewPatient {
                            center_id: umcu.id.clone(),
                            local_ref,
                            sex: if i % 2 == 0 { Sex::Female } else { Sex::Male },
                            birth_month: registry_core::time::BirthMonth::new(
                                1980 + i as i32 * 7,
                                3,
                            )?,
                            diagnosis,
                            aa_subtype: None,
                            aa_episode_start: None,
                            nail_involvement: None,
                            childbearing_potential: None,
                            vaccination_programme_complete: None,
                            varicella_immune: None,
                            consent_research: true,
                            consent_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 15),
                            consent_withdrawn_on: None,
                        },
                    )?;
                }
                Ok::<_, ApiError>(())
            })
        })
        .await?;
    Ok(LOGINS
        .iter()
        .map(|(r, e, p, _)| ((*r).to_owned(), (*e).to_owned(), (*p).to_owned()))
        .collect())
}
