//! The demo logins: one per role, the center logins bound to the demo centers UMCU and EMC (the
//! first two centers of every generated cohort). Loading twice changes nothing.

use registry_core::role::Role;
use registry_core::store::{Actor, WriteCtx, centers, users};

use crate::AppState;
use crate::error::ApiError;

/// The demo logins: (role, e-mail, password, center code).
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

/// Creates the demo centers UMCU and EMC and the demo users unless present; returns the logins
/// to print.
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
                Ok::<_, ApiError>(())
            })
        })
        .await?;
    Ok(LOGINS
        .iter()
        .map(|(r, e, p, _)| ((*r).to_owned(), (*e).to_owned(), (*p).to_owned()))
        .collect())
}
