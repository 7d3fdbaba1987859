//! Where things are: the repository, the UI, the build cache, cargo and its bin directory.

use crate::steps::{failure, R};
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Ctx {
    pub root: PathBuf,
    pub ui: PathBuf,
    pub target: PathBuf,
    pub cargo: String,
    pub home: Option<PathBuf>,
}

impl Ctx {
    pub fn new() -> R<Ctx> {
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = manifest.parent().map(Path::to_path_buf).unwrap_or(manifest);
        let root = root.canonicalize().unwrap_or(root);
        let home = env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
        let target = match env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                if dir.is_absolute() {
                    dir
                } else {
                    env::current_dir().map(|cwd| cwd.join(&dir)).unwrap_or(dir)
                }
            }
            None => match &home {
                Some(home) => home.join(".cache/restock/target"),
                None => {
                    return Err(failure(
                        "neither CARGO_TARGET_DIR nor HOME is set, so there is nowhere to keep the build cache",
                        "set HOME, or CARGO_TARGET_DIR=/some/dir",
                    ))
                }
            },
        };
        // Children (cargo, and the e2e tests through cargo) all build into the same place.
        env::set_var("CARGO_TARGET_DIR", &target);
        let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        Ok(Ctx { ui: root.join("ui"), root, target, cargo, home })
    }

    pub fn cargo(&self) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(&self.root);
        cmd
    }

    pub fn bin(&self, name: &str) -> PathBuf {
        self.profile_bin("debug", name)
    }

    /// A binary of a cargo profile ("debug" or "release").
    pub fn profile_bin(&self, profile: &str, name: &str) -> PathBuf {
        self.target.join(profile).join(format!("{name}{}", env::consts::EXE_SUFFIX))
    }

    pub fn cargo_bin_dir(&self) -> Option<PathBuf> {
        match env::var_os("CARGO_HOME").filter(|v| !v.is_empty()) {
            Some(h) => Some(PathBuf::from(h).join("bin")),
            None => self.home.as_ref().map(|h| h.join(".cargo/bin")),
        }
    }

    /// PATH with cargo's bin directory (tauri-driver) in front.
    pub fn path_with_cargo_bin(&self) -> std::ffi::OsString {
        let mut dirs: Vec<PathBuf> = Vec::new();
        if let Some(bin) = self.cargo_bin_dir() {
            dirs.push(bin);
        }
        if let Some(path) = env::var_os("PATH") {
            dirs.extend(env::split_paths(&path));
        }
        env::join_paths(dirs).unwrap_or_default()
    }
}
