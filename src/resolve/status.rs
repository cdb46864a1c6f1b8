//! Draft marking and the decision of an adopted plan or report.

use super::Resolver;
use crate::document::{Decision, Draft, IsoDate};
use crate::error::{Problem, SourceFile};
use crate::model::{Beslut, Sammantrade, Spanned, Status};

impl Resolver<'_> {
    /// The draft marking, when the plan is a draft or `force` asks for one.
    pub(super) fn draft(&self, force: bool) -> Option<Draft> {
        let d = &self.loaded.plan.dokument;
        draft(force, d.status.as_ref(), d.version.as_ref(), d.sammantrade.as_ref())
    }

    /// The decision of an adopted plan; each missing fact is a problem.
    pub(super) fn decision(&mut self, draft: bool) -> Option<Decision> {
        let plan = &self.loaded.plan;
        let beslut = plan.beslut.as_ref().map(|b| &b.value);
        let dnr = plan.dokument.dnr.as_ref().map(|t| t.value.as_str());
        let status = plan.dokument.status.as_ref();
        decision(draft, status, beslut, dnr, &self.loaded.file, &mut self.problems)
    }
}

/// The draft marking of a plan or report whose status, version and meeting
/// these are, when it is a draft or `force` asks for one.
pub(super) fn draft(
    force: bool,
    status: Option<&Spanned<Status>>,
    version: Option<&Spanned<u32>>,
    meeting: Option<&Sammantrade>,
) -> Option<Draft> {
    let is_draft = force || status.is_some_and(|s| s.value == Status::Utkast);
    is_draft.then(|| Draft {
        version: version.map(|v| v.value),
        sammantrade: meeting.map(|m| m.namn.clone()),
        datum_iso: meeting.map(|m| IsoDate::from(m.datum)),
    })
}

/// The decision of an adopted plan or report (`status: beslutad`, not a
/// draft), from its `beslut` and its diarienummer; each missing fact is a
/// problem located at the status in `file`.
pub(super) fn decision(
    draft: bool,
    status: Option<&Spanned<Status>>,
    beslut: Option<&Beslut>,
    document_dnr: Option<&str>,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) -> Option<Decision> {
    let status = status?;
    if draft || status.value != Status::Beslutad {
        return None;
    }
    let organ = beslut.and_then(|b| b.organ.clone());
    let datum = beslut.and_then(|b| b.datum);
    let paragraf = beslut.and_then(|b| b.paragraf.as_ref()).map(|p| p.value.trim().to_string());
    let dnr = beslut.and_then(|b| b.dnr.clone()).or_else(|| document_dnr.map(String::from));
    let mut missing = Vec::new();
    for (name, absent) in [
        ("beslut.organ", organ.is_none()),
        ("beslut.datum", datum.is_none()),
        ("beslut.paragraf", paragraf.as_deref().is_none_or(str::is_empty)),
        ("beslut.dnr (or dokument.dnr)", dnr.is_none()),
    ] {
        if absent {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        problems.push(
            Problem::at(file, &status.referenced, format!("an adopted plan must state its decision; missing: {}", missing.join(", ")))
                .with_help("add them under `beslut:` (organ, datum, paragraf, dnr), or build a draft with `status: utkast` or --draft"),
        );
        return None;
    }
    let paragraf = paragraf.unwrap_or_default();
    // "45" and "§ 45" are both written "§ 45" on the cover.
    let paragraf = if paragraf.starts_with('§') { paragraf } else { format!("§ {paragraf}") };
    Some(Decision {
        organ: organ.unwrap_or_default(),
        datum_iso: datum.map(IsoDate::from).unwrap_or_default(),
        paragraf,
        dnr: dnr.unwrap_or_default(),
    })
}
