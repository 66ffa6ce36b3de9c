//! The web pages: server-rendered HTML (maud) on the same server, the same rules and the same
//! store as the API. A page never has a rule of its own: it calls the function the API handler
//! calls (sign-in, patient search and registration, episode start, visit recording and preview,
//! alerts) and shows what the API would answer, so no page can show what the API refuses.
//!
//! - [`session`]: the session cookie (the API's token) and the CSRF token of every form;
//! - [`page`]: the frame, the security headers (a Content-Security-Policy without inline code),
//!   the error pages; [`assets`]: the style sheet and script, compiled in;
//! - [`i18n`]: English and Dutch, one table; [`form`]: forms as the API's JSON bodies, and the
//!   API's field errors at their fields;
//! - the pages: [`login`], [`patients`], [`record`], [`patient_form`], [`treatment_form`],
//!   [`visit_form`] (also a visit's edit and deletion, each with its reason), [`entries`] (lab
//!   results, adverse events and vaccinations);
//!   for coordinators [`reports`] (the four reports, their CSV) and [`data_queries`]; for
//!   researchers [`releases`] (a cohort's release, its progress and zip; the response curves);
//!   for administrators [`admin`] (centers and users).

pub mod admin;
pub mod assets;
pub mod data_queries;
pub mod deletion;
pub mod entries;
pub mod form;
pub mod i18n;
pub mod login;
pub mod page;
pub mod patient_form;
pub mod patients;
pub mod record;
pub mod releases;
pub mod reports;
pub mod scores;
pub mod session;
pub mod treatment_form;
pub mod visit_form;

use actix_web::web;

/// Wires the pages and their files.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(assets::configure)
        .configure(login::configure)
        .service(
            web::resource("/patients")
                .route(web::get().to(patients::list))
                .route(web::post().to(patient_form::create)),
        )
        .route("/patients/new", web::get().to(patient_form::new))
        .route("/patients/{id}", web::get().to(record::record))
        .service(
            web::resource("/patients/{id}/treatments")
                .route(web::post().to(treatment_form::create)),
        )
        .route(
            "/patients/{id}/treatments/new",
            web::get().to(treatment_form::new),
        )
        .service(web::resource("/patients/{id}/visits").route(web::post().to(visit_form::create)))
        .route("/patients/{id}/visits/new", web::get().to(visit_form::new))
        .route(
            "/patients/{id}/visits/preview",
            web::post().to(visit_form::live),
        )
        .service(
            web::resource("/patients/{id}/visits/{visit}/edit")
                .route(web::get().to(visit_form::edit))
                .route(web::post().to(visit_form::update)),
        )
        .service(
            web::resource("/patients/{id}/visits/{visit}/delete")
                .route(web::get().to(visit_form::confirm_delete))
                .route(web::post().to(visit_form::delete)),
        )
        .route("/patients/{id}/labs", web::post().to(entries::create_lab))
        .route("/patients/{id}/labs/new", web::get().to(entries::new_lab))
        .service(
            web::resource("/patients/{id}/labs/{lab}/delete")
                .route(web::get().to(entries::confirm_delete_lab))
                .route(web::post().to(entries::delete_lab)),
        )
        .route(
            "/patients/{id}/adverse-events",
            web::post().to(entries::create_adverse_event),
        )
        .route(
            "/patients/{id}/adverse-events/new",
            web::get().to(entries::new_adverse_event),
        )
        .route(
            "/patients/{id}/vaccinations",
            web::post().to(entries::create_vaccination),
        )
        .route(
            "/patients/{id}/vaccinations/new",
            web::get().to(entries::new_vaccination),
        )
        .route("/reports", web::get().to(reports::index))
        .route("/reports/{kind}", web::get().to(reports::show))
        .route("/reports/{kind}/csv", web::get().to(reports::csv))
        .service(
            web::resource("/data-queries")
                .route(web::get().to(data_queries::list))
                .route(web::post().to(data_queries::create)),
        )
        .route(
            "/data-queries/{id}/close",
            web::post().to(data_queries::close),
        )
        .route(
            "/data-queries/{id}/answer",
            web::post().to(data_queries::answer),
        )
        .service(
            web::resource("/releases")
                .route(web::get().to(releases::index))
                .route(web::post().to(releases::create)),
        )
        .route("/releases/{id}", web::get().to(releases::job))
        .route("/releases/{id}/download", web::get().to(releases::download))
        .route("/analyses", web::get().to(releases::analyses))
        .route("/analyses/response.svg", web::get().to(releases::plot))
        .service(
            web::resource("/admin/centers")
                .route(web::get().to(admin::centers_list))
                .route(web::post().to(admin::centers_create)),
        )
        .service(
            web::resource("/admin/users")
                .route(web::get().to(admin::users_list))
                .route(web::post().to(admin::users_create)),
        )
        .route(
            "/admin/users/{id}/deactivate",
            web::post().to(admin::deactivate),
        )
        .route(
            "/admin/users/{id}/reactivate",
            web::post().to(admin::reactivate),
        );
}
