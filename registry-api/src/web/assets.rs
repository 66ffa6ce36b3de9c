//! The pages' style sheet and script, compiled into the binary and served from `/static/`
//! (revalidated on every use, so a new build's files are taken at once).

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};

/// The style sheet.
pub const CSS: &str = include_str!("static/registry.css");
/// The script: live scoring on the visit form (posts the form to the server, shows its answer).
pub const JS: &str = include_str!("static/registry.js");

/// Where the style sheet is served.
pub const CSS_PATH: &str = "/static/registry.css";
/// Where the script is served.
pub const JS_PATH: &str = "/static/registry.js";

/// Wires `/static/…`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(CSS_PATH, web::get().to(css))
        .route(JS_PATH, web::get().to(js));
}

async fn css() -> HttpResponse {
    file("text/css; charset=utf-8", CSS)
}

async fn js() -> HttpResponse {
    file("text/javascript; charset=utf-8", JS)
}

fn file(content_type: &'static str, body: &'static str) -> HttpResponse {
    let mut builder = HttpResponse::Ok();
    super::page::secure(&mut builder)
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .content_type(content_type)
        .body(body)
}
