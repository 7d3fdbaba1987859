//! Session tokens live in the OS secret store (Windows Credential Manager, macOS Keychain, the Secret
//! Service on Linux). Where none is reachable (a headless box, a locked-down container) the token is
//! kept in memory only: the user logs in again next time. A password is never stored at all.

use crate::error::{CoreError, Result};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const SERVICE: &str = "restock";

pub trait CredentialStore: Send + Sync {
    fn save(&self, key: &str, secret: &str) -> Result<()>;
    fn load(&self, key: &str) -> Result<Option<String>>;
    fn delete(&self, key: &str) -> Result<()>;
    /// For the settings screen and the log: where tokens are kept.
    fn describe(&self) -> &'static str;
}

/// The OS secret store, through the `keyring` crate.
pub struct OsKeyring;

impl OsKeyring {
    fn entry(key: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(SERVICE, key).map_err(|e| CoreError::Credentials(e.to_string()))
    }

    /// Whether a secret store answers at all (a missing entry is an answer).
    pub fn is_available() -> bool {
        match Self::entry("restock-probe").map(|e| e.get_password()) {
            Ok(Ok(_)) | Ok(Err(keyring::Error::NoEntry)) => true,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "OS secret store unavailable");
                false
            }
            Err(_) => false,
        }
    }
}

impl CredentialStore for OsKeyring {
    fn save(&self, key: &str, secret: &str) -> Result<()> {
        Self::entry(key)?.set_password(secret).map_err(|e| CoreError::Credentials(e.to_string()))
    }

    fn load(&self, key: &str) -> Result<Option<String>> {
        match Self::entry(key)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(CoreError::Credentials(e.to_string())),
        }
    }

    fn delete(&self, key: &str) -> Result<()> {
        match Self::entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(CoreError::Credentials(e.to_string())),
        }
    }

    fn describe(&self) -> &'static str {
        "os-keyring"
    }
}

/// Tokens for this run only.
#[derive(Default)]
pub struct MemoryOnly(Mutex<HashMap<String, String>>);

impl CredentialStore for MemoryOnly {
    fn save(&self, key: &str, secret: &str) -> Result<()> {
        self.0.lock().expect("credential map").insert(key.to_owned(), secret.to_owned());
        Ok(())
    }

    fn load(&self, key: &str) -> Result<Option<String>> {
        Ok(self.0.lock().expect("credential map").get(key).cloned())
    }

    fn delete(&self, key: &str) -> Result<()> {
        self.0.lock().expect("credential map").remove(key);
        Ok(())
    }

    fn describe(&self) -> &'static str {
        "memory-only"
    }
}

/// The OS store when it answers, else memory only. Call it off the async runtime's worker threads
/// (e.g. in `spawn_blocking`): some secret stores block.
pub fn default_store() -> Arc<dyn CredentialStore> {
    if OsKeyring::is_available() {
        Arc::new(OsKeyring)
    } else {
        tracing::warn!("no OS secret store: the session token is kept in memory only");
        Arc::new(MemoryOnly::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trip() {
        let store = MemoryOnly::default();
        assert_eq!(store.load("k").unwrap(), None);
        store.save("k", "t").unwrap();
        assert_eq!(store.load("k").unwrap().as_deref(), Some("t"));
        store.delete("k").unwrap();
        assert_eq!(store.load("k").unwrap(), None);
    }
}
