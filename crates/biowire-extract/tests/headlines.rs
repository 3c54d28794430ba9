//! Headline wording: the milestone kinds the extractor reads from the ways releases phrase
//! their headlines, over one neutral lead sentence. Corporate news (offerings, results,
//! appointments, conferences) must give no record at all.

use biowire_core::Document;
use biowire_extract::Extractor;

const LEAD: &str = "BOSTON, Jan. 9, 2026 /PRNewswire/ -- Acme Bio, Inc. (Nasdaq: ACME), a clinical-stage \
    company, today announced news about AB-101, its allogeneic CD19 CAR-T cell therapy for lupus.";

const CASES: &[(&str, &str)] = &[
    ("first_patient_dosed", "Acme Bio Doses First Participant in Phase 1b/2 Trial of AB-101"),
    ("first_patient_dosed", "Acme Bio Announces First Subject Dosed in First-in-Human Study of AB-101"),
    ("first_patient_dosed", "Acme Bio Announces Successful Dosing of First Patient with AB-101"),
    ("first_patient_dosed", "Acme Bio Treats First Patient with AB-101 in Lupus Nephritis"),
    ("ind_cleared", "Acme Bio Receives FDA Clearance of IND Application for AB-101"),
    ("ind_cleared", "Acme Bio Announces IND Clearance for AB-101"),
    ("ind_cleared", "U.S. FDA Clears Acme Bio's IND for AB-101"),
    ("ind_cleared", "Acme Bio Receives NMPA Approval of IND Application for AB-101"),
    ("designation", "Acme Bio Receives FDA Fast Track Designation for AB-101"),
    ("designation", "AB-101 Granted Orphan Drug Designation (ODD) by the FDA"),
    ("designation", "Acme Bio's AB-101 Receives EMA PRIME Designation"),
    ("designation", "Acme Bio Receives Breakthrough Therapy Designation from China's NMPA for AB-101"),
    ("regulatory_submission", "Acme Bio Submits Biologics License Application to FDA for AB-101"),
    ("regulatory_submission", "FDA Accepts Acme Bio's BLA for AB-101 and Grants Priority Review"),
    ("regulatory_submission", "Acme Bio Announces MAA Validation by EMA for AB-101"),
    ("approval", "FDA Approves Acme Bio's AB-101 for Relapsed Lupus"),
    ("approval", "Acme Bio Receives European Commission Approval for AB-101"),
    ("clinical_data", "Acme Bio Announces Positive Topline Results from Phase 2 Trial of AB-101"),
    ("clinical_data", "Acme Bio Presents Updated Clinical Data for AB-101 at ACR Convergence 2025"),
    ("clinical_data", "Acme Bio Reports Positive Interim Data from Phase 1 Study of AB-101"),
    ("trial_initiated", "Acme Bio Initiates Phase 2 Clinical Trial of AB-101"),
    ("trial_initiated", "Acme Bio Announces First Patient Enrolled in Phase 1 Study of AB-101"),
    ("trial_initiated", "Acme Bio Begins Enrollment in Phase 1 Trial of AB-101"),
    ("enrollment_completed", "Acme Bio Completes Enrollment in Phase 2 Trial of AB-101"),
    (
        "enrollment_completed",
        "Acme Bio Announces Completion of Patient Enrollment in Phase 1 Study of AB-101",
    ),
    ("partnership", "Acme Bio and BigPharma Enter into Global License Agreement for AB-101"),
    ("partnership", "BigPharma to Acquire Acme Bio, Adding AB-101 to Pipeline"),
    ("partnership", "Acme Bio Announces Strategic Collaboration with BigPharma on AB-101"),
    ("-", "Acme Bio to Present at the J.P. Morgan Healthcare Conference"),
    ("-", "Acme Bio Announces Pricing of Upsized Public Offering"),
    ("-", "Acme Bio Announces Third Quarter 2025 Financial Results"),
    ("-", "Acme Bio Appoints Chief Financial Officer"),
    ("-", "Acme Bio to Host Virtual R&D Day"),
    ("-", "Acme Bio Announces Inducement Grants Under Nasdaq Listing Rule 5635(c)(4)"),
];

#[test]
fn headline_wordings_give_their_milestone_kind() {
    let extractor = Extractor::builtin();
    let mut wrong = Vec::new();
    for (want, title) in CASES {
        let mut doc = Document::new("file:///headline", LEAD.to_string());
        doc.title = Some(title.to_string());
        doc.published = Some("2026-01-09".into());
        let mut kinds: Vec<&str> =
            extractor.extract(&doc).iter().map(|r| r.milestone.kind.as_str()).collect();
        kinds.sort();
        let got = if kinds.is_empty() { "-".to_string() } else { kinds.join(",") };
        if got != *want {
            wrong.push(format!("{title}: want {want}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
