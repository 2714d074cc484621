//! User mistakes: each gets one clear error line and k6's exit code, never a panic.

use crate::common;

use common::{script_dir, stampede};

fn assert_clean_failure(run: &common::Run, code: i32, needle: &str) {
    assert_eq!(run.code, code, "exit code; stderr:\n{}", run.stderr);
    assert!(run.stderr.contains(needle), "expected {needle:?} in stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "panic in stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("RUST_BACKTRACE"), "backtrace hint in stderr:\n{}", run.stderr);
}

#[test]
fn missing_script_file_exits_255() {
    let dir = tempfile::tempdir().unwrap();
    let run = stampede(dir.path(), &["run", "-q", "nope.js"]);
    assert_clean_failure(&run, 255, "nope.js");
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let dir = script_dir("s.js", "export default function () {\n  let x = ;\n}\n");
    let run = stampede(dir.path(), &["run", "-q", "s.js"]);
    assert_clean_failure(&run, 107, "s.js:2:");
    assert!(run.stderr.contains("SyntaxError"), "{}", run.stderr);
}

#[test]
fn unknown_k6_module_is_named() {
    let dir = script_dir("s.js", "import http from 'k6/http';\nexport default function () {}\n");
    let run = stampede(dir.path(), &["run", "-q", "s.js"]);
    assert_clean_failure(&run, 107, "k6/http");
}

#[test]
fn missing_local_import_is_named() {
    let dir = script_dir("s.js", "import x from './missing.js';\nexport default function () {}\n");
    let run = stampede(dir.path(), &["run", "-q", "s.js"]);
    assert_clean_failure(&run, 107, "missing.js");
}

#[test]
fn open_outside_init_throws_k6_text() {
    let dir = script_dir(
        "s.js",
        "export const options = { iterations: 1 };\nexport default function () { open('x.txt'); }\n",
    );
    let run = stampede(dir.path(), &["run", "-q", "s.js"]);
    assert_eq!(run.code, 0, "an iteration exception does not fail the run: {}", run.stderr);
    assert!(run.stderr.contains("the \\\"open\\\" function is only available in the init stage"), "{}", run.stderr);
}

#[test]
fn invalid_option_type_exits_104() {
    let dir = script_dir("s.js", "export const options = { vus: 'abc' };\nexport default function () {}\n");
    let run = stampede(dir.path(), &["run", "-q", "s.js"]);
    assert_clean_failure(&run, 104, "could not initialize 's.js'");
}

#[test]
fn unknown_scenario_field_exits_104() {
    let dir = script_dir(
        "s.js",
        "export const options = { scenarios: { a: { executor: 'shared-iterations', bogus: 1 } } };\nexport default function () {}\n",
    );
    let run = stampede(dir.path(), &["run", "-q", "s.js"]);
    assert_clean_failure(&run, 104, "unknown field \\\"bogus\\\"");
}

#[test]
fn setup_data_with_nan_exits_255() {
    let dir = script_dir("s.js", "export function setup() { return { nan: NaN }; }\nexport default function () {}\n");
    let run = stampede(dir.path(), &["run", "-q", "s.js"]);
    assert_clean_failure(&run, 255, "error marshaling setup() data to JSON: json: unsupported value: NaN");
}

#[test]
fn script_without_exported_functions_exits_255() {
    let dir = script_dir("s.js", "export const options = {};\n");
    let run = stampede(dir.path(), &["run", "-q", "s.js"]);
    assert_clean_failure(&run, 255, "no exported functions in script");
}

#[test]
fn unknown_flag_is_reported() {
    let dir = script_dir("s.js", "export default function () {}\n");
    let run = stampede(dir.path(), &["run", "--bogus", "s.js"]);
    assert_clean_failure(&run, 255, "unknown flag: --bogus");
}

#[test]
fn runaway_recursion_is_a_catchable_range_error() {
    let dir = script_dir(
        "s.js",
        "export const options = { iterations: 1 };\nexport default function () {\n  function f(n) { return f(n + 1) + 1; }\n  try { f(0); } catch (e) { console.log('caught ' + e.name); }\n}\n",
    );
    let run = stampede(dir.path(), &["run", "-q", "--log-format=raw", "s.js"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("caught RangeError"), "{}", run.stderr);
}

#[test]
fn flags_of_later_features_are_refused_not_ignored() {
    let dir = script_dir("s.js", "export default function () {}\n");
    let run = stampede(dir.path(), &["run", "--paused", "s.js"]);
    assert_clean_failure(&run, 104, "--paused (the REST API) is not supported yet");
    let run = stampede(dir.path(), &["run", "--address", "localhost:6565", "s.js"]);
    assert_clean_failure(&run, 104, "--address (the REST API) is not supported yet");
}

#[test]
fn run_without_a_script_says_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let run = stampede(dir.path(), &["run"]);
    assert_clean_failure(&run, 255, "accepts 1 arg(s), received 0");
    assert!(run.stderr.contains("stampede run script.js"), "{}", run.stderr);
}
