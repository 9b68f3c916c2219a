//! `workplan man`: the manual page (roff), from the clap definitions, so it never drifts
//! from `--help`. One page: the planner, then each subcommand as a section.

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use super::{Cli, exit};

pub fn run() -> anyhow::Result<u8> {
    emit_page()?;
    Ok(exit::OK)
}

fn emit_page() -> anyhow::Result<()> {
    super::emit(&page()?)
}

/// The whole page as roff text.
pub(crate) fn page() -> anyhow::Result<String> {
    let mut cmd = Cli::command();
    cmd.build();
    let man = Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    render_subcommands(&cmd, &mut out)?;
    render_exit_status(&cmd, &mut out)?;
    man.render_version_section(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// One `.SH` per visible subcommand: its synopsis, options and exit statuses (the text of
/// its `--help`), rather than clap_mangen's one-line list.
fn render_subcommands(cmd: &clap::Command, out: &mut Vec<u8>) -> anyhow::Result<()> {
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let mut roff = Roff::new();
        roff.control(
            "SH",
            [format!("WORKPLAN {}", sub.get_name().to_uppercase()).as_str()],
        );
        roff.to_writer(out)?;
        let help = sub
            .clone()
            .bin_name(format!("workplan {}", sub.get_name()))
            .term_width(78)
            .render_long_help()
            .to_string();
        let mut roff = Roff::new();
        roff.control("nf", []);
        for line in help.lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
        roff.to_writer(out)?;
    }
    Ok(())
}

/// The planner's exit statuses; each subcommand's are in its own section.
fn render_exit_status(cmd: &clap::Command, out: &mut Vec<u8>) -> anyhow::Result<()> {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    if let Some(text) = cmd.get_after_help() {
        roff.text([roman(text.to_string())]);
    }
    roff.text([roman(
        "Each subcommand lists its own exit statuses in its section above and in its --help.",
    )]);
    roff.to_writer(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_has_a_section_per_visible_subcommand_with_its_exit_statuses() {
        let page = super::page().expect("renders");
        for name in [
            "CHECK",
            "SCHEMA",
            "DIFF",
            "EXPORT",
            "REALIGN",
            "SHOW",
            "COMPLETIONS",
            "MAN",
        ] {
            assert!(
                page.contains(&format!(".SH \"WORKPLAN {name}\"")),
                "no section for {name}"
            );
        }
        assert!(
            !page.contains("WORKPLAN DEV"),
            "a hidden subcommand is documented"
        );
        assert!(!page.contains("WORKPLAN HELP"));
        assert!(page.contains(".SH \"EXIT STATUS\""));
        assert!(page.contains("no aligned plan exists within the horizon"));
    }
}
