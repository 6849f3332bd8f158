//! The README against `--help`: its command list is the commands `nianbao --help` lists,
//! each described by its help's first line, and every option the README shows exists where
//! it is shown (an option on a `nianbao CMD …` line in that command's help, any other in
//! some command's help, and the formats it names among the --format values).

use std::collections::BTreeSet;
use std::process::Command;

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .arg("--help")
        .env_remove("NIANBAO_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// (name, first line of its help) of every command `nianbao --help` lists.
fn commands() -> Vec<(String, String)> {
    let text = help(&[]);
    let list = text.split("Commands:\n").nth(1).unwrap();
    list.lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| {
            let l = l.trim();
            let (name, about) = l.split_once(char::is_whitespace)?;
            (name != "help").then(|| (name.to_string(), about.trim().to_string()))
        })
        .collect()
}

/// The lines of the README's `## Commands` block.
fn readme_commands() -> Vec<(String, String)> {
    let text = readme();
    let section = text
        .split("\n## Commands\n")
        .nth(1)
        .expect("a Commands section");
    let block = section
        .split("```")
        .nth(1)
        .expect("a code block under Commands");
    block
        .lines()
        .filter(|l| l.starts_with("nianbao "))
        .map(|l| {
            let name = l.split_whitespace().nth(1).unwrap().to_string();
            // The description follows two or more spaces after the usage.
            let about = l
                .split("  ")
                .filter(|s| !s.trim().is_empty())
                .nth(1)
                .unwrap_or("")
                .trim();
            (name, about.to_string())
        })
        .collect()
}

#[test]
fn the_readme_lists_every_command_as_its_help_describes_it() {
    let helped = commands();
    let listed = readme_commands();
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&listed),
        names(&helped),
        "README's command list and `nianbao --help`"
    );
    for ((name, about), (_, described)) in helped.iter().zip(&listed) {
        let mut want = about.trim_end_matches('.').to_string();
        if let Some(first) = want.chars().next() {
            want.replace_range(..first.len_utf8(), &first.to_lowercase().to_string());
        }
        assert_eq!(described, &want, "nianbao {name}: README and --help");
    }
}

/// Every `--option` of a text, without what follows it (`--format=csv` → `--format`).
fn options(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text[i..].find("--") {
        let start = i + at;
        let before = start.checked_sub(1).map(|b| bytes[b]);
        let mut end = start + 2;
        while end < bytes.len() && (bytes[end].is_ascii_lowercase() || bytes[end] == b'-') {
            end += 1;
        }
        let word = &text[start..end];
        // `--x` at a word's start (not `a--b`, not a `---` rule), a letter after the dashes.
        if before.is_none_or(|b| !b.is_ascii_alphanumeric() && b != b'-')
            && word.len() > 3
            && bytes[start + 2].is_ascii_lowercase()
        {
            found.insert(word.trim_end_matches('-').to_string());
        }
        i = end.max(start + 2);
    }
    found
}

#[test]
fn every_option_the_readme_shows_is_in_the_help() {
    let commands: Vec<String> = commands().into_iter().map(|(n, _)| n).collect();
    let helps: Vec<(String, String)> = commands.iter().map(|c| (c.clone(), help(&[c]))).collect();
    let anywhere: BTreeSet<String> = helps.iter().flat_map(|(_, h)| options(h)).collect();
    let text = readme();
    let mut checked = 0;
    for line in text.lines() {
        let shown = line.trim_start_matches("$ ").trim_start();
        let mut words = shown.split_whitespace();
        let on_command = (words.next() == Some("nianbao"))
            .then(|| words.next())
            .flatten()
            .and_then(|c| helps.iter().find(|(n, _)| n == c));
        for option in options(line) {
            // Options of cargo, fuzzing and tools other than nianbao are not ours.
            if line.contains("cargo ") || line.contains("fuzz") || line.contains("apt-get") {
                continue;
            }
            match on_command {
                Some((name, h)) if shown.starts_with("nianbao ") => assert!(
                    options(h).contains(&option),
                    "README: `{option}` is not an option of `nianbao {name}`: {line}"
                ),
                _ => assert!(
                    anywhere.contains(&option),
                    "README: no command has `{option}`: {line}"
                ),
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} options checked");
}

#[test]
fn the_formats_the_readme_names_are_the_formats() {
    let help = help(&["query"]);
    let values = help
        .split("--format <FORMAT>")
        .nth(1)
        .unwrap()
        .split("Possible values:")
        .nth(1)
        .unwrap();
    let formats: BTreeSet<String> = values
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| l.starts_with("- "))
        .map(|l| l[2..].split(':').next().unwrap().trim().to_string())
        .collect();
    assert_eq!(
        formats,
        ["table", "csv", "tsv", "json", "jsonl", "md", "xlsx"]
            .map(String::from)
            .into(),
    );
    // `--format a|b|c` as the README writes it lists exactly these.
    let text = readme();
    let mut named = 0;
    for at in text
        .match_indices("--format ")
        .map(|(i, _)| i + "--format ".len())
    {
        let word: String = text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '|')
            .collect();
        if word.contains('|') {
            let listed: BTreeSet<String> = word.split('|').map(String::from).collect();
            assert_eq!(listed, formats, "README: --format {word}");
            named += 1;
        } else if !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase()) {
            assert!(formats.contains(&word), "README: --format {word}");
        }
    }
    assert!(named >= 1, "README names the formats");
}
