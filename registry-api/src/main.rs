//! The `registry` command line.

fn main() {
    println!("registry {}", env!("CARGO_PKG_VERSION"));
}
