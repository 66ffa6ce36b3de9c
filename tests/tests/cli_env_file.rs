//! A `.env` file is read at start-up (`registry_api::settings::load_env_file`, called first by
//! `main`), the process environment winning. One binary of its own: it changes the process
//! environment.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[test]
fn a_dotenv_file_fills_what_the_environment_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".env");
    let probe = format!("REGISTRY_DOTENV_PROBE_{}", uuid::Uuid::new_v4().simple());
    let home = std::env::var("PATH").unwrap();
    std::fs::write(
        &path,
        format!("# a comment\n{probe}=from-file\nPATH=/nowhere\nQUOTED_{probe}=\"a b\"\n"),
    )
    .unwrap();
    assert_eq!(std::env::var(&probe).ok(), None);

    assert!(registry_api::settings::load_env_file(&path).unwrap());
    assert_eq!(std::env::var(&probe).unwrap(), "from-file");
    assert_eq!(std::env::var(format!("QUOTED_{probe}")).unwrap(), "a b");
    assert_eq!(
        std::env::var("PATH").unwrap(),
        home,
        "the process environment wins"
    );

    let absent = dir.path().join("nothing.env");
    assert!(!registry_api::settings::load_env_file(&absent).unwrap());
    let broken = dir.path().join("broken.env");
    std::fs::write(&broken, "NOT A LINE\n").unwrap();
    let e = registry_api::settings::load_env_file(&broken).unwrap_err();
    assert!(e.contains("broken.env"), "{e}");
}
