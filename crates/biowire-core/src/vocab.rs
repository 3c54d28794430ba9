//! Closed vocabularies of the record schema.
//!
//! Each vocabulary is an enum whose string form is the spec's value; serde, `Display` and
//! `FromStr` all go through that one table so the three can never disagree.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A string that is not in a closed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// Which vocabulary was asked.
    pub vocabulary: &'static str,
    /// The value that was not found.
    pub value: String,
    /// The values that are accepted.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} `{}` (expected one of: {})",
            self.vocabulary,
            self.value,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident, $vocab:literal, { $($(#[$vmeta:meta])* $variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($s),+];

            /// The spec's string for this value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($s => Ok($name::$variant),)+
                    _ => Err(UnknownValue { vocabulary: $vocab, value: s.to_string(), expected: Self::NAMES }),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

string_enum!(
    /// What a release announces; the spec's closed milestone vocabulary.
    MilestoneKind, "milestone kind", {
    /// First patient dosed, treated or infused.
    FirstPatientDosed => "first_patient_dosed",
    /// A trial started, first site activated, enrollment opened.
    TrialInitiated => "trial_initiated",
    /// Enrollment or dosing of a cohort or trial completed.
    EnrollmentCompleted => "enrollment_completed",
    /// IND cleared, CTA approved.
    IndCleared => "ind_cleared",
    /// BLA/NDA/MAA submitted or accepted, priority review.
    RegulatorySubmission => "regulatory_submission",
    /// Orphan, fast track, breakthrough, RMAT, PRIME designations.
    Designation => "designation",
    /// Marketing approval or label expansion.
    Approval => "approval",
    /// Clinical results reported or presented.
    ClinicalData => "clinical_data",
    /// License, collaboration, acquisition.
    Partnership => "partnership",
});

string_enum!(
    /// Where the cells of a cell therapy come from.
    CellSource, "cell source", {
    /// Donor-derived, off-the-shelf.
    Allogeneic => "allogeneic",
    /// Made from the patient's own cells.
    Autologous => "autologous",
    /// The CAR is made inside the body.
    InVivo => "in_vivo",
});

string_enum!(
    /// Therapeutic modality.
    Modality, "modality", {
    /// Chimeric antigen receptor T cells.
    CarT => "CAR-T",
    /// Chimeric antigen receptor NK cells.
    CarNk => "CAR-NK",
    /// T-cell receptor engineered T cells.
    TcrT => "TCR-T",
    /// Tumor-infiltrating lymphocytes.
    Til => "TIL",
    /// Natural killer cells without a CAR.
    Nk => "NK",
    /// T-cell engaging bispecifics.
    TCellEngager => "T-cell engager",
    /// Bispecific antibodies other than T-cell engagers.
    BispecificAntibody => "bispecific antibody",
    /// Monoclonal antibodies.
    Antibody => "antibody",
    /// Antibody-drug conjugates.
    Adc => "ADC",
    /// Gene therapy.
    GeneTherapy => "gene therapy",
    /// Gene editing.
    GeneEditing => "gene editing",
    /// mRNA medicines.
    Mrna => "mRNA",
    /// Other cell therapies.
    CellTherapy => "cell therapy",
    /// Small molecules.
    SmallMolecule => "small molecule",
    /// Vaccines.
    Vaccine => "vaccine",
    /// Anything else.
    Other => "other",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_its_string() {
        for k in MilestoneKind::ALL {
            assert_eq!(k.as_str().parse::<MilestoneKind>().unwrap(), *k);
        }
        for m in Modality::ALL {
            assert_eq!(m.as_str().parse::<Modality>().unwrap(), *m);
        }
        for c in CellSource::ALL {
            assert_eq!(c.to_string().parse::<CellSource>().unwrap(), *c);
        }
    }

    #[test]
    fn unknown_value_names_the_choices() {
        let err = "dosed".parse::<MilestoneKind>().unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("`dosed`"), "{msg}");
        assert!(msg.contains("first_patient_dosed"), "{msg}");
    }
}
