//! The `registry` command line: `serve`, `migrate`, `center add`, `user add|list|deactivate|
//! reactivate|reset-password|set-access`, `import`, `export`, `analyse`, `report`, `demo`,
//! `audit verify`. Errors are printed as sentences (`error: …`), never as debug structures.

use clap::{Parser, Subcommand};
use registry_api::{Application, Settings, telemetry};
use registry_core::store::{self, Actor, WriteCtx, audit, centers};

mod export_cmd;
mod import_cmd;
mod report_cmd;

use registry_api::user_cmd;

#[derive(Parser)]
#[command(
    name = "registry",
    version,
    about = "Multi-center dermatology patient registry"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the HTTP server (migrating the database first).
    Serve {
        /// Address to listen on (or REGISTRY_BIND).
        #[arg(long)]
        bind: Option<String>,
        /// Demo mode: a throwaway key, the SQLite file `registry-demo.db` unless DATABASE_URL says
        /// otherwise, demo data, and printed demo logins.
        #[arg(long)]
        demo: bool,
    },
    /// Runs pending migrations and exits.
    Migrate,
    /// Manages centers.
    Center {
        #[command(subcommand)]
        command: CenterCommand,
    },
    /// Manages users.
    User {
        #[command(subcommand)]
        command: user_cmd::UserCommand,
    },
    /// Imports a CSV file of KIND into a center, with a progress bar (docs/import-format.md).
    Import(import_cmd::ImportArgs),
    /// Writes an anonymised research release of a cohort as one zip, with a progress bar
    /// (docs/release-format.md).
    Export(export_cmd::ExportArgs),
    /// Writes a cohort's aggregate analyses (curves, window proportions, re-treatment, switches,
    /// drug survival), their codebook and plots into a directory: no patient-level table.
    Analyse(export_cmd::AnalyseArgs),
    /// Prints a coordinator report: completeness, overdue, safety or data-quality.
    Report(report_cmd::ReportArgs),
    /// Fills the database with a realistic synthetic multi-center cohort (both diseases, every
    /// drug, responders early and late, stops, lab breaches, adverse events) and prints its
    /// content digest.
    Demo {
        /// Number of patients.
        #[arg(long, default_value_t = 1000)]
        patients: usize,
        /// Number of centers.
        #[arg(long, default_value_t = 10)]
        centers: usize,
        /// Seed: the same seed, size and data cut give the same content.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// End of follow-up, YYYY-MM-DD (default 2026-06-30, or today if earlier; not in the
        /// future).
        #[arg(long)]
        until: Option<chrono::NaiveDate>,
        /// Print the measured proportions next to the published figures.
        #[arg(long)]
        report: bool,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum CenterCommand {
    /// Adds a center (the same as `POST /api/v1/centers`).
    Add {
        /// Short unique code (`UMCU`).
        #[arg(long)]
        code: String,
        /// Display name.
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verifies every hash chain and names the first broken link.
    Verify,
}

fn main() -> std::process::ExitCode {
    // Before anything reads the environment (the log level included).
    if let Err(e) = registry_api::settings::load_env_file(std::path::Path::new(".env")) {
        eprintln!("error: {e}");
        return std::process::ExitCode::FAILURE;
    }
    telemetry::init();
    match run(Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

type AnyError = Box<dyn std::error::Error>;

fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "sqlite://registry.db".into())
}

fn run(cli: Cli) -> Result<(), AnyError> {
    match cli.command {
        Command::Serve { bind, demo } => serve(bind, demo),
        Command::Migrate => {
            let mut conn = store::establish(&database_url())?;
            let n = conn.migrate()?;
            println!("{n} migration(s) applied");
            Ok(())
        }
        Command::User { command } => user_cmd::run(command, &database_url(), &mut std::io::stdin()),
        Command::Center {
            command: CenterCommand::Add { code, name },
        } => {
            let mut conn = store::establish(&database_url())?;
            conn.migrate()?;
            let ctx = WriteCtx::new(Actor::system());
            let center = conn.write(|tx| {
                centers::create(tx, &ctx, &code, &name).map_err(|e| match e {
                    store::StoreError::Conflict(_) => {
                        format!("a center with the code {code} exists already").into()
                    }
                    other => user_cmd::in_words(other),
                })
            })?;
            println!("center {} added", center.code);
            Ok(())
        }
        Command::Import(args) => import_cmd::run(args, &database_url()),
        Command::Export(args) => export_cmd::run(args, &database_url()),
        Command::Analyse(args) => export_cmd::run_analyse(args, &database_url()),
        Command::Report(args) => report_cmd::run(args, &database_url()),
        Command::Demo {
            patients,
            centers,
            seed,
            until,
            report,
        } => demo(patients, centers, seed, until, report),
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let mut conn = store::establish(&database_url())?;
            let v = audit::verify(&mut conn)?;
            if v.is_intact() {
                println!(
                    "audit trail intact: {} chains, {} events; {} records agree with it",
                    v.chains, v.events, v.records
                );
                Ok(())
            } else {
                for b in &v.broken {
                    println!("chain {} broken at event {}: {}", b.chain, b.seq, b.problem);
                }
                for m in &v.mismatches {
                    println!("{} {}: {}", m.entity, m.id, m.problem);
                }
                if v.mismatched > v.mismatches.len() as u64 {
                    println!(
                        "… {} more records disagree",
                        v.mismatched - v.mismatches.len() as u64
                    );
                }
                let mut why = Vec::new();
                if !v.broken.is_empty() {
                    why.push(format!("{} chain(s) broken", v.broken.len()));
                }
                if v.mismatched > 0 {
                    why.push(format!(
                        "{} of {} records disagree with the trail",
                        v.mismatched, v.records
                    ));
                }
                Err(format!("the audit trail does not verify: {}", why.join("; ")).into())
            }
        }
    }
}

fn demo(
    patients: usize,
    centers: usize,
    seed: u64,
    until: Option<chrono::NaiveDate>,
    report: bool,
) -> Result<(), AnyError> {
    let config = registry_api::demo::Config {
        patients,
        centers,
        seed,
        until: until.unwrap_or_else(registry_api::demo::Config::default_until),
    };
    registry_api::demo::command::run(&database_url(), &config, report)?;
    Ok(())
}

fn serve(bind: Option<String>, demo: bool) -> Result<(), AnyError> {
    let mut settings = Settings::from_env(demo)?;
    if demo && std::env::var_os("DATABASE_URL").is_none() {
        // The demo never touches the default production file.
        settings.database_url = "sqlite://registry-demo.db".into();
    }
    if let Some(bind) = bind {
        settings.bind = bind;
    }
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings.clone())?;
        let url = settings.pages_url();
        if demo {
            let logins = registry_api::demo::load(&app.state()).await?;
            println!("\nDemo registry: sign in at {url}/login\nDemo logins:");
            for (role, email, pw) in logins {
                println!("  {role:<12} {email:<32} {pw}");
            }
        }
        println!(
            "\nRegistry pages at {url}/  (API under {url}/api/v1, documentation at {url}/docs)\n"
        );
        tracing::info!(bind = %settings.bind, "serving");
        app.run_until_stopped().await?;
        Ok::<(), AnyError>(())
    })
}
