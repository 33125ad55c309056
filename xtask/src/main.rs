//! The project's build, serve, test and benchmark commands, run as `cargo xtask <command>`.
//!
//! Each command installs what it needs when it is missing: the wasm32 target, the
//! wasm-bindgen CLI at the version in Cargo.lock, Debian's Chromium and ChromeDriver, and
//! the npm packages of the end-to-end tests.

mod serve;
mod setup;
mod single_file;
mod strip;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::{env, fs};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N]   build the release wasm into dist/ and serve it on http://127.0.0.1:N
                     (default port 8000)
  build              build the release wasm into dist/ only
  test               run every check: rustfmt, clippy, native tests, browser tests of the
                     wasm, and end-to-end tests of the built page in headless Chromium
  bench              build dist/ and measure the page in headless Chromium
";

/// Port `serve` listens on unless `--port` sets another.
const DEFAULT_PORT: u16 = 8000;

/// Target triple of the browser build.
const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => parse_port(&args[1..]).and_then(serve_command),
        Some("build") => build_dist().map(|_| ()),
        Some("test") => test_command(),
        Some("bench") => bench_command(),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
        None => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_port(args: &[String]) -> Result<u16, String> {
    match args {
        [] => Ok(DEFAULT_PORT),
        [flag, value] if flag == "--port" => value
            .parse()
            .map_err(|_| format!("invalid port {value:?}: expected a number from 1 to 65535")),
        _ => Err(format!("unexpected arguments {args:?}\n\n{USAGE}")),
    }
}

fn serve_command(port: u16) -> Result<(), String> {
    let dist = build_dist()?;
    serve::serve(&dist, port)
}

fn test_command() -> Result<(), String> {
    let root = project_root();
    setup::ensure_wasm_tools(&root)?;
    setup::ensure_browser()?;
    setup::ensure_firefox()?;
    let e2e = root.join("tests/e2e");
    setup::ensure_npm_packages(&e2e)?;

    step("rustfmt");
    run(cargo(&root).args(["fmt", "--all", "--check"]))?;

    step("clippy, native");
    run(cargo(&root).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("clippy, wasm32");
    run(cargo(&root).args([
        "clippy",
        "--package",
        "bce-explorer",
        "--all-targets",
        "--target",
        WASM_TARGET,
        "--",
        "-D",
        "warnings",
    ]))?;

    step("native tests");
    run(cargo(&root).args(["test", "--workspace"]))?;

    step("wasm tests in headless Chromium");
    let webdriver_json = root.join("tests/webdriver.json");
    run(cargo(&root)
        .args([
            "test",
            "--package",
            "bce-explorer",
            "--target",
            WASM_TARGET,
            "--test",
            "web",
            "--test",
            "api",
            "--test",
            "parsing",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", setup::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", webdriver_json)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60"))?;

    let dist = build_dist()?;

    step("end-to-end tests in headless Chromium");
    let mut test_files = Vec::new();
    for entry in
        fs::read_dir(&e2e).map_err(|error| format!("reading {}: {error}", e2e.display()))?
    {
        let path = entry.map_err(|error| error.to_string())?.path();
        if path.to_string_lossy().ends_with(".test.mjs") {
            test_files.push(path);
        }
    }
    test_files.sort();
    run(Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .args(&test_files)
        .env("BCE_DIST", &dist)
        .env("CHROMIUM", setup::CHROMIUM)
        .env("FIREFOX", setup::FIREFOX)
        .current_dir(&e2e))?;

    println!("\nAll checks passed.");
    Ok(())
}

fn bench_command() -> Result<(), String> {
    let root = project_root();
    setup::ensure_browser()?;
    let e2e = root.join("tests/e2e");
    setup::ensure_npm_packages(&e2e)?;
    let dist = build_dist()?;

    step("benchmark in headless Chromium");
    run(Command::new("node")
        .arg("bench.mjs")
        .env("BCE_DIST", &dist)
        .env("CHROMIUM", setup::CHROMIUM)
        .current_dir(&e2e))
}

/// Builds the release wasm, writes its JS glue and copies www/ into dist/, without the
/// comments of its CSS and JS.
///
/// Returns the path of dist/.
fn build_dist() -> Result<PathBuf, String> {
    let root = project_root();
    setup::ensure_wasm_tools(&root)?;

    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|error| format!("removing dist/: {error}"))?;
    }
    // Two modules from one crate: the widget, which the pages load, and the JS API, which
    // course authors load on their own pages.
    // The widget is built for size (Cargo.toml's opt-level), the API for the speed of
    // large batches; docs/benchmarks.md has the measurements behind both.
    let builds = [
        ("widget", "bce_explorer", None),
        (
            "api",
            "bce_explorer_api",
            Some("profile.release.opt-level=3"),
        ),
    ];
    for (feature, module, setting) in builds {
        step(&format!("release wasm build: {module}"));
        let mut build = cargo(&root);
        build.args([
            "build",
            "--release",
            "--lib",
            "--package",
            "bce-explorer",
            "--target",
            WASM_TARGET,
            "--no-default-features",
            "--features",
            feature,
        ]);
        if let Some(setting) = setting {
            build.args(["--config", setting]);
        }
        run(&mut build)?;

        // The name section is about 80 KB of function names; panics still reach the
        // console with their message without it.
        let wasm = root.join("target/wasm32-unknown-unknown/release/bce_explorer.wasm");
        run(Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--remove-name-section",
            ])
            .args(["--out-name", module, "--out-dir"])
            .arg(dist.join("pkg"))
            .arg(&wasm))?;
    }
    copy_dir(&root.join("www"), &dist)?;
    single_file::write(&dist)?;
    println!("dist/ is ready at {}", dist.display());
    Ok(dist)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|error| format!("creating {}: {error}", to.display()))?;
    let entries =
        fs::read_dir(from).map_err(|error| format!("reading {}: {error}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| error.to_string())?;
        let target = to.join(entry.file_name());
        let path = entry.path();
        let strip: Option<fn(&str) -> String> =
            match path.extension().and_then(|extension| extension.to_str()) {
                Some("css") => Some(strip::css),
                Some("js") => Some(strip::js),
                _ => None,
            };
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else if let Some(strip) = strip {
            let source = fs::read_to_string(&path)
                .map_err(|error| format!("reading {}: {error}", path.display()))?;
            fs::write(&target, strip(&source))
                .map_err(|error| format!("writing {}: {error}", target.display()))?;
        } else {
            fs::copy(&path, &target)
                .map_err(|error| format!("copying {}: {error}", path.display()))?;
        }
    }
    Ok(())
}

/// Returns the workspace root: the parent of this crate's folder.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives inside the workspace root")
        .to_path_buf()
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(root);
    command
}

fn step(name: &str) {
    println!("\n==> {name}");
}

/// Runs a command with inherited output and fails unless it exits with status 0.
fn run(command: &mut Command) -> Result<(), String> {
    let command_line = format!("{command:?}");
    let status = command
        .status()
        .map_err(|error| format!("starting {command_line} failed: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command_line} failed with {status}"))
    }
}
