fn main() {
    // sqlx::migrate! embeds the migrations at build time: a new one must rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
}
