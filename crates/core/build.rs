// The migrations are embedded by `sqlx::migrate!`, which does not notice a new file in their
// folder: rebuild when the folder changes, so a new migration is never left out of a build.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations/core");
}
