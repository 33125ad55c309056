//! Installs the tools the build and the tests need when they are missing.

use std::path::Path;
use std::process::Command;
use std::{fs, io};

use crate::{run, WASM_TARGET};

/// Debian's Chromium, from the `chromium` package.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Debian's ChromeDriver, from the `chromium-driver` package.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Debian's Firefox, from the `firefox-esr` package, for the single-file page's test.
pub const FIREFOX: &str = "/usr/bin/firefox-esr";

/// Adds the wasm32 target and installs the wasm-bindgen CLI at the version Cargo.lock pins,
/// which is the only version whose JS glue matches the compiled module.
pub fn ensure_wasm_tools(root: &Path) -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("Adding the {WASM_TARGET} target");
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }

    let version = locked_version(root, "wasm-bindgen")?;
    let current = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if current.split_whitespace().nth(1) != Some(version.as_str()) {
        println!("Installing wasm-bindgen-cli {version} (a few minutes, once)");
        // NOTE: `--locked` is left out because one dependency version in the CLI's lock file
        // is no longer on crates.io, which makes the locked install fail.
        run(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={version}"),
        ]))?;
    }
    Ok(())
}

/// Installs Debian's Chromium and ChromeDriver with apt-get when either is missing.
pub fn ensure_browser() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    println!("Installing chromium and chromium-driver with apt-get");
    apt_get(&["update"])?;
    apt_get(&[
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ])
}

/// Installs Debian's Firefox ESR with apt-get when it is missing.
pub fn ensure_firefox() -> Result<(), String> {
    if Path::new(FIREFOX).exists() {
        return Ok(());
    }
    println!("Installing firefox-esr with apt-get");
    apt_get(&["update"])?;
    apt_get(&["install", "-y", "--no-install-recommends", "firefox-esr"])
}

/// Installs the end-to-end tests' npm packages from their lock file when they are missing,
/// and Node.js itself when it is missing.
pub fn ensure_npm_packages(e2e: &Path) -> Result<(), String> {
    if output(Command::new("node").arg("--version")).is_err() {
        println!("Installing Node.js and npm with apt-get");
        apt_get(&["update"])?;
        apt_get(&["install", "-y", "nodejs", "npm"])?;
    }
    if e2e
        .join("node_modules/playwright-core/package.json")
        .exists()
    {
        return Ok(());
    }
    println!("Installing the end-to-end tests' npm packages");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(e2e))
}

/// Runs apt-get directly as root, and through sudo otherwise.
fn apt_get(args: &[&str]) -> Result<(), String> {
    let is_root = output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0");
    let mut command = if is_root {
        Command::new("apt-get")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg("apt-get");
        sudo
    };
    run(command.args(args).env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Reads the version of `package` from Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Result<String, String> {
    let lock = root.join("Cargo.lock");
    let text = fs::read_to_string(&lock).map_err(|error| {
        format!(
            "reading {}: {error}; run `cargo fetch` first",
            lock.display()
        )
    })?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == name_line {
            let version = lines
                .next()
                .and_then(|next| next.strip_prefix("version = \""));
            if let Some(version) = version.and_then(|rest| rest.strip_suffix('"')) {
                return Ok(version.to_owned());
            }
        }
    }
    Err(format!("Cargo.lock has no {package} package"))
}

/// Runs a command and returns its standard output.
fn output(command: &mut Command) -> Result<String, String> {
    let result = command
        .output()
        .map_err(|error: io::Error| error.to_string())?;
    if result.status.success() {
        Ok(String::from_utf8_lossy(&result.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&result.stderr).into_owned())
    }
}
