//! `reorg completions SHELL` (issue 17, item 5): a script for each shell,
//! naming every subcommand and the global flags.

use crate::support::reorg;

#[test]
fn every_shell_gets_a_script_that_knows_the_commands() {
    for (shell, marker) in [
        ("bash", "complete -F _reorg"),
        ("zsh", "#compdef reorg"),
        ("fish", "complete -c reorg"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = reorg().args(["completions", shell]).assert().success();
        let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        for word in ["init", "schema", "completions", "batch", "deny-warnings"] {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
    }
    reorg().args(["completions", "tcsh"]).assert().code(2);
}
