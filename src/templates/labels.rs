//! The fixed words the documents print ("Summa", "Innehåll", "Budget … i
//! tkr"), in one place: `templates/etiketter.yaml`, built in, and a
//! template folder's own `etiketter.yaml` over it, key by key.
//!
//! Rust takes its defaults from here (the Summa row, the overview's
//! columns), and the templates read them as `doc.etiketter` (Jinja) and
//! `etiketter` (imported by `stil.typ` from `/etiketter.typ`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Templates;
use crate::decimal::Enhet;
use crate::error::{Error, Problem, SourceFile};

/// The file name of the labels, built in and in a template folder.
pub const FILE: &str = "etiketter.yaml";

/// Every label, by key; the keys of `templates/etiketter.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Etiketter {
    /// "Utkast", on every page of a draft.
    pub utkast: String,
    /// "Sida", in the footer's "Sida 3 av 10".
    pub sida: String,
    /// "av", in "Sida 3 av 10" and "Beslutad av …".
    pub av: String,
    /// "Planperiod", on the cover.
    pub planperiod: String,
    /// "Datum", on the cover.
    pub datum: String,
    /// "Diarienummer", on the cover.
    pub diarienummer: String,
    /// "Beslutad", on the cover of an adopted plan.
    pub beslutad: String,
    /// "Innehåll", the table of contents' heading.
    pub innehall: String,
    /// "Fotnoter", the web page's list of footnotes.
    pub fotnoter: String,
    /// "Fotnot", how the web page names a footnote mark to screen readers.
    pub fotnot: String,
    /// "Hoppa till innehållet", the web page's skip link.
    pub hoppa_till_innehallet: String,
    /// "Avsnitt", before a section number in the web page's change list.
    pub avsnitt: String,
    /// "Kontoklass", the first column of the budget per kontoklass.
    pub kontoklass: String,
    /// "fördelning", after a line's name in its breakdown table's heading.
    pub fordelning: String,
    /// "Budget", a budget column's heading.
    pub budget: String,
    /// "Bokslut", an outcome column's heading.
    pub bokslut: String,
    /// "Plan", a plan year column's heading.
    pub plan: String,
    /// "Förändring", the change column's heading.
    pub forandring: String,
    /// "i tkr", after a column heading.
    pub i_tkr: String,
    /// "i mnkr", after a column heading of a budget in mnkr.
    pub i_mnkr: String,
    /// "i kr", after a column heading of a budget in kronor.
    pub i_kr: String,
    /// "Kommentar", the heading of a budget table's comment column.
    pub kommentar: String,
    /// "Summa", a total row without a name of its own.
    pub summa: String,
    /// "Resultat", a result row without a name of its own.
    pub resultat: String,
    /// "Stapeldiagram", how a chart's text alternative begins.
    pub stapeldiagram: String,
    /// "tkr", after a figure in a chart and its table.
    pub tkr: String,
    /// "mnkr", the same for a budget in mnkr.
    pub mnkr: String,
    /// "kr", the same for a budget in kronor.
    pub kr: String,
    /// "saknas", for a figure a chart lacks.
    pub saknas: String,
    /// "År", the first column of a chart's table over the years.
    pub ar: String,
    /// "Andel", the share column of a chart's table.
    pub andel: String,
    /// "Beskrivning", the heading above a goal's description.
    pub beskrivning: String,
    /// "Fokusområde", the goal overview's first column.
    pub fokusomrade: String,
    /// "Regiongemensamma uppdrag", the goal overview's second column.
    pub regiongemensamma_uppdrag: String,
    /// "Förvaltningens uppdrag / deluppdrag", the goal overview's third column.
    pub forvaltningens_uppdrag: String,
    /// "Verksamhetsberättelse", the title of a year's follow-up report.
    pub verksamhetsberattelse: String,
    /// "Delårsrapport", the title of a follow-up report of part of the year.
    pub delarsrapport: String,
    /// "Utfall", the outcome column's heading.
    pub utfall: String,
    /// "Prognos", the forecast column's heading.
    pub prognos: String,
    /// "Avvikelse", the deviation column's heading.
    pub avvikelse: String,
    /// "Avvikelse %", the deviation in per cent column's heading.
    pub avvikelse_procent: String,
    /// "Utfall mot budget", the caption of a report's budget table.
    pub utfall_mot_budget: String,
    /// "Bedömning", the goal status: its column and its lead word.
    pub bedomning: String,
    /// "Analys", the heading above a goal's analysis.
    pub analys: String,
    /// "Nyckeltal", an indicator table's caption and first column.
    pub nyckeltal: String,
    /// "Enhet", the column of what an indicator counts.
    pub enhet_rubrik: String,
    /// "Utgångsläge", an indicator's starting figure.
    pub utgangslage: String,
    /// "Mål", an indicator's target.
    pub mal: String,
    /// "Målår", the year of an indicator's target.
    pub malar: String,
    /// "Uppdrag", the goal status table's assignment column.
    pub uppdrag: String,
    /// "Fokusområdet som helhet", the status row of a focus area itself.
    pub fokusomradet_som_helhet: String,
    /// "● Uppfyllt": a symbol and a word, never a colour alone.
    pub uppfyllt: String,
    /// "◐ Delvis uppfyllt".
    pub delvis_uppfyllt: String,
    /// "○ Ej uppfyllt".
    pub ej_uppfyllt: String,
    /// "– Ej bedömd", for a goal the report gives no status yet.
    pub ej_bedomd: String,
    /// "Ändringar sedan föregående version", the change list's heading.
    pub andringar: String,
    /// "Inga ändringar.", when nothing changed.
    pub inga_andringar: String,
    /// "Ändrat sedan föregående version", beside a changed part of the web page.
    pub andrat_sedan: String,
    /// "Ändrat", the hidden word before each changed paragraph, item or row
    /// of the web page, and the PDF mark's alternative text.
    pub andrat: String,
    /// "Borttaget här", the hidden words where text of the earlier version
    /// was removed.
    pub borttaget_har: String,
    /// "Tillagda avsnitt".
    pub tillagda_avsnitt: String,
    /// "Borttagna avsnitt".
    pub borttagna_avsnitt: String,
    /// "Ändrade avsnitt".
    pub andrade_avsnitt: String,
    /// "Flyttade avsnitt".
    pub flyttade_avsnitt: String,
    /// "Ändrade budgetposter (tkr)", the caption of the budget changes.
    pub andrade_budgetposter: String,
    /// "Post", the budget changes' first column.
    pub post: String,
    /// "Före", the earlier figure's column.
    pub fore: String,
    /// "Efter", the new figure's column.
    pub efter: String,
    /// "Skillnad", the difference's column.
    pub skillnad: String,
    /// "tidigare", before a removed section's earlier number.
    pub tidigare: String,
    /// "Start", the site's start page in its navigation.
    pub start: String,
    /// "Sidor", the name of the site's navigation.
    pub sidor: String,
    /// "Tillgänglighetsredogörelse", the site's accessibility statement.
    pub tillganglighetsredogorelse: String,
    /// "Hela dokumentet som PDF", the link to the PDF on every page.
    pub hela_dokumentet_pdf: String,
    /// "Tabellens siffror som CSV", the link below each table of the site.
    pub tabell_som_csv: String,
    /// "Föregående", before the link to the site's previous page.
    pub foregaende: String,
    /// "Nästa", before the link to the site's next page.
    pub nasta: String,
}

impl Etiketter {
    /// The name of a unit after a figure: "tkr", "mnkr", "kr".
    pub fn enhet(&self, enhet: Enhet) -> &str {
        match enhet {
            Enhet::Tkr => &self.tkr,
            Enhet::Mnkr => &self.mnkr,
            Enhet::Kr => &self.kr,
        }
    }

    /// The unit after a column heading: "i tkr", "i mnkr", "i kr".
    pub fn i_enhet(&self, enhet: Enhet) -> &str {
        match enhet {
            Enhet::Tkr => &self.i_tkr,
            Enhet::Mnkr => &self.i_mnkr,
            Enhet::Kr => &self.i_kr,
        }
    }
}

impl Default for Etiketter {
    /// The built-in labels.
    fn default() -> Self {
        // The built-in file is tested to hold every key.
        serde_saphyr::from_str(crate::assets::template(FILE).unwrap_or_default())
            .expect("templates/etiketter.yaml holds every label")
    }
}

/// The labels of a build: the built-in ones, with those of the template
/// folder's `etiketter.yaml` over them.
pub fn load(templates: &Templates) -> Result<Etiketter, Error> {
    let built_in = Etiketter::default();
    let Some(folder) = &templates.folder else { return Ok(built_in) };
    if !folder.join(FILE).is_file() {
        return Ok(built_in);
    }
    let Some(file) = templates.source(FILE)? else { return Ok(built_in) };
    let own: BTreeMap<String, String> = crate::load::parse(&file)?;
    let serde_json::Value::Object(mut merged) = serde_json::to_value(&built_in).unwrap_or_default() else {
        return Ok(built_in);
    };
    let unknown: Vec<Problem> = own
        .keys()
        .filter(|key| !merged.contains_key(*key))
        .map(|key| unknown_key(&file, key, merged.keys()))
        .collect();
    if !unknown.is_empty() {
        return Err(Error::Invalid(unknown));
    }
    for (key, text) in own {
        merged.insert(key, serde_json::Value::String(text));
    }
    // Every key is known and every value a string, so this cannot fail.
    serde_json::from_value(serde_json::Value::Object(merged)).map_err(|e| Error::Usage(e.to_string()))
}

/// A key the labels do not have, located at its line.
fn unknown_key<'k>(file: &SourceFile, key: &str, known: impl Iterator<Item = &'k String>) -> Problem {
    let start = file
        .text
        .lines()
        .scan(0, |offset, line| {
            let here = *offset;
            *offset += line.len() + 1;
            Some((here, line))
        })
        .find(|(_, line)| line.trim_start().starts_with(key))
        .map_or(0, |(offset, line)| offset + line.len() - line.trim_start().len());
    let known: Vec<&str> = known.map(String::as_str).collect();
    Problem::new(file, start..start + key.len(), format!("`{key}` is not a label vplan prints"))
        .with_help(format!("the labels are: {}", known.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_file_holds_every_label() {
        let labels = Etiketter::default();
        assert_eq!(labels.summa, "Summa");
        assert_eq!(labels.innehall, "Innehåll");
    }

    #[test]
    fn a_folders_labels_replace_the_built_in_ones_key_by_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "summa: Totalt\n").unwrap();
        let labels = load(&Templates { folder: Some(dir.path().to_path_buf()) }).unwrap();
        assert_eq!(labels.summa, "Totalt");
        assert_eq!(labels.innehall, "Innehåll");

        std::fs::write(dir.path().join(FILE), "summa: Totalt\nsumman: x\n").unwrap();
        let Err(Error::Invalid(problems)) = load(&Templates { folder: Some(dir.path().to_path_buf()) })
        else {
            panic!("an unknown key was accepted")
        };
        let text = problems[0].to_string();
        assert!(text.contains("etiketter.yaml:2:1: `summan` is not a label"), "{text}");
    }
}
