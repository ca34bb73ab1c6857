//! Rebuilds the crate when the web app's build output changes, so the binary embeds the current
//! files (new hashed asset names included). The folder is created when absent so the derive that
//! embeds it has something to read before the first `npm run build`.

fn main() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend/dist");
    if let Err(e) = std::fs::create_dir_all(&dist) {
        println!("cargo::warning=cannot create {}: {e}", dist.display());
    }
    println!("cargo::rerun-if-changed={}", dist.display());
}
