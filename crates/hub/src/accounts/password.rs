//! Argon2id password hashes (PHC strings). Hashing is slow and large on purpose (a core and
//! 19 MiB for tens of milliseconds): it runs off the async workers, a few at a time.

use crate::error::{HubError, HubResult};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashes any password").to_string()
}

pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// As many hashes at once as the machine has cores: a flood of logins waits its turn instead of
/// taking the hub's memory and threads (48 at once took it from 895 to 1,308 MB).
fn hashing_turns() -> &'static tokio::sync::Semaphore {
    static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    TURNS.get_or_init(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()).max(2)))
}

async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> HubResult<T> {
    let _turn = hashing_turns().acquire().await.map_err(|e| HubError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| HubError::Internal(e.to_string()))
}

/// `hash`, in its turn.
pub async fn hash_in_turn(password: String) -> HubResult<String> {
    in_turn(move || hash(&password)).await
}

/// `verify`, in its turn.
pub async fn verify_in_turn(password: String, phc: String) -> HubResult<bool> {
    in_turn(move || verify(&password, &phc)).await
}

/// Hashed once, used to spend the same time on unknown user names as on known ones.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password for unknown users"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn verifies_only_the_right_password() {
        let phc = super::hash("s3cret");
        assert!(phc.starts_with("$argon2id$"));
        assert!(super::verify("s3cret", &phc));
        assert!(!super::verify("S3cret", &phc));
        assert!(!super::verify("s3cret", "not a hash"));
    }
}
