//! Logs and metrics. Request logs carry method, route pattern, status, latency and the request
//! id; never a body, a query string or a header (patient data and tokens stay out of logs).

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{HttpMessage, web};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use prometheus::{IntGauge, Opts};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

use crate::AppState;

/// Installs the global subscriber: JSON lines when `REGISTRY_LOG_JSON` is set, else plain text;
/// level from `RUST_LOG` (default `info`).
pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = if std::env::var_os("REGISTRY_LOG_JSON").is_some() {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Request spans without the query string or user agent.
pub struct RequestSpans;

impl RootSpanBuilder for RequestSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string);
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            request_id = request_id.as_deref().unwrap_or(""),
            status = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        if let Ok(response) = outcome {
            span.record("status", response.status().as_u16());
        }
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// Prometheus metrics at `/metrics`: request counts and latency histograms per route, plus the
/// database pool's size and idle connections (sampled at scrape).
pub fn metrics(
    state: &web::Data<AppState>,
) -> Result<PrometheusMetrics, Box<dyn std::error::Error>> {
    let prometheus = PrometheusMetricsBuilder::new("registry")
        .endpoint("/metrics")
        .build()
        .map_err(|e| e.to_string())?;
    let size = PoolGauge::new(
        state.clone(),
        "registry_db_pool_connections",
        "connections open",
        false,
    )?;
    let idle = PoolGauge::new(
        state.clone(),
        "registry_db_pool_idle",
        "connections idle",
        true,
    )?;
    prometheus.registry.register(Box::new(size))?;
    prometheus.registry.register(Box::new(idle))?;
    Ok(prometheus)
}

/// A gauge read from the pool when scraped.
struct PoolGauge {
    state: web::Data<AppState>,
    gauge: IntGauge,
    idle: bool,
}

impl PoolGauge {
    fn new(
        state: web::Data<AppState>,
        name: &str,
        help: &str,
        idle: bool,
    ) -> prometheus::Result<Self> {
        Ok(Self {
            state,
            gauge: IntGauge::with_opts(Opts::new(name, help))?,
            idle,
        })
    }
}

impl prometheus::core::Collector for PoolGauge {
    fn desc(&self) -> Vec<&prometheus::core::Desc> {
        self.gauge.desc()
    }

    fn collect(&self) -> Vec<prometheus::proto::MetricFamily> {
        let s = self.state.db.pool().state();
        self.gauge.set(i64::from(if self.idle {
            s.idle_connections
        } else {
            s.connections
        }));
        self.gauge.collect()
    }
}
