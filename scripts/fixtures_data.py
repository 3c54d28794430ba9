"""The fixture releases: our own writing, in the shape newswires publish.

Each entry gives the page furniture a template needs, the release itself, and the records a
careful reader takes from it (`expected`). `make_fixtures.py` renders them into
fixtures/newsroom/. Expected records are written by hand, never generated from biowire's output.
"""

def rec(company, product, modality, cell_source, targets, indications, kind, date, phase=None, trial_id=None, authority=None, aliases=None):
    return {
        "company": company, "product": product, "product_aliases": aliases or [], "modality": modality, "cell_source": cell_source,
        "targets": targets, "indications": indications,
        "milestone": {"kind": kind, "date": date, "phase": phase, "trial_id": trial_id, "authority": authority},
    }

FLS = ("This press release contains forward-looking statements, including statements about clinical "
       "development plans, the timing of trials and the potential of product candidates. Actual results "
       "may differ materially because of risks and uncertainties, including those described in the "
       "company's filings with securities regulators. The company undertakes no obligation to update "
       "these statements.")

FIXTURES = [
 dict(id="f01-lumora-allogeneic-cd19-cd20-lupus", template="prn",
  title="Lumora Therapeutics Doses First Patient With Allogeneic CD19/CD20 CAR-T LUM-201 in Systemic Lupus Erythematosus",
  deck=["Dosing opens the Phase 1 ALLEVIATE-SLE study of an off-the-shelf dual-targeting cell therapy"],
  dateline="SAN DIEGO, Feb. 10, 2026 /PRNewswire/ --", company="Lumora Therapeutics, Inc.", ticker="(Nasdaq: LUMR)",
  body=[
   "{co} {tk}, a clinical-stage company developing off-the-shelf cell therapies for autoimmune disease, today announced that the first patient has been dosed with LUM-201 in its Phase 1 ALLEVIATE-SLE trial (NCT06512345) in adults with refractory systemic lupus erythematosus (SLE).",
   "LUM-201 is an allogeneic CAR-T cell therapy made from healthy donor T cells and engineered to target CD19/CD20, two antigens found on the B cells that drive lupus.",
   "\u201cGiving the first dose of LUM-201 is a milestone for our team and, we hope, for patients whose lupus has not responded to today's medicines,\u201d said Dana Whitlock, M.D., Chief Medical Officer of Lumora. \u201cWe also see promise for this approach in rheumatoid arthritis and other B-cell driven conditions.\u201d",
   "The open-label study will enroll up to 24 patients at sites in the United States and will assess safety, tolerability and signs of clinical activity.",
  ],
  about_product=("About LUM-201", "LUM-201 is an investigational allogeneic CAR-T cell therapy directed at CD19 and CD20. It is produced from healthy donor cells in advance and is designed to be available off the shelf."),
  about_company="Lumora Therapeutics is a biotechnology company in San Diego developing allogeneic cell therapies for autoimmune diseases including lupus nephritis, systemic sclerosis and myositis.",
  expected=[rec("Lumora Therapeutics, Inc.", "LUM-201", "CAR-T", "allogeneic", ["CD19", "CD20"], ["systemic lupus erythematosus"], "first_patient_dosed", "2026-02-10", "1", "NCT06512345")]),

 dict(id="f02-corvane-tnfrsf17-ind", template="gnw",
  title="Corvane Bio Receives FDA Clearance of IND Application for Autologous TNFRSF17-Directed CAR-T CVB-088",
  deck=[], dateline="BOSTON, Jan. 7, 2026 (GLOBE NEWSWIRE) --", company="Corvane Bio, Inc.", ticker="(Nasdaq: CRVB)",
  body=[
   "{co} {tk} today announced that the U.S. Food and Drug Administration (FDA) has cleared its Investigational New Drug (IND) application for CVB-088, an autologous CAR-T cell therapy directed at TNFRSF17, for the treatment of relapsed or refractory multiple myeloma.",
   "CVB-088 is manufactured from each patient's own T cells in a seven-day process. The company plans to begin a Phase 1/2 study in the first half of 2026.",
   "\u201cThis clearance lets us bring CVB-088 to patients with myeloma who have run out of options,\u201d said Priya Natarajan, Ph.D., Chief Executive Officer of Corvane Bio.",
  ],
  about_product=None,
  about_company="Corvane Bio develops autologous cell therapies for hematologic cancers, with earlier programs in acute myeloid leukemia.",
  expected=[rec("Corvane Bio, Inc.", "CVB-088", "CAR-T", "autologous", ["BCMA"], ["multiple myeloma"], "ind_cleared", "2026-01-07", authority="FDA")]),

 dict(id="f03-vivantis-in-vivo-cd19", template="bw",
  title="Vivantis Biotherapeutics Treats First Patient With In Vivo CAR-T Candidate VV-1930 in Large B-Cell Lymphoma",
  deck=["No cell collection or manufacturing: the CAR is generated inside the patient's body"],
  dateline="SEATTLE--(BUSINESS WIRE)--March 18, 2026--", company="Vivantis Biotherapeutics", ticker="",
  body=[
   "{co} today announced that the first patient has been treated with VV-1930, its in vivo CAR-T therapy candidate targeting CD19, in a Phase 1 trial in relapsed or refractory large B-cell lymphoma (LBCL).",
   "VV-1930 is a targeted lentiviral vector given by intravenous infusion. It delivers the CAR gene to T cells in the bloodstream, so the patient's body makes its own CAR-T cells without ex vivo manufacturing.",
   "\u201cTreating the first patient shows that in vivo CAR-T can move from the laboratory to the clinic,\u201d said Marcus Hale, Chief Executive Officer of Vivantis.",
  ],
  about_product=("About VV-1930", "VV-1930 is an investigational in vivo CAR-T therapy directed at CD19."),
  about_company="Vivantis Biotherapeutics, based in Seattle, is developing in vivo gene delivery for cancer and autoimmune disease.",
  expected=[rec("Vivantis Biotherapeutics", "VV-1930", "CAR-T", "in_vivo", ["CD19"], ["large b-cell lymphoma"], "first_patient_dosed", "2026-03-18", "1")]),

 dict(id="f04-hanxin-cd19xcd20-nmpa-ind", template="prn",
  title="Hanxin Cell Therapeutics Receives NMPA IND Approval for CD19 x CD20 Bispecific CAR-T HX-C1920",
  deck=[], dateline="SUZHOU, China, March 3, 2025 /PRNewswire/ --", company="Hanxin Cell Therapeutics Co., Ltd.", ticker="",
  body=[
   "{co} today announced that China's National Medical Products Administration (NMPA) has approved the investigational new drug (IND) application for HX-C1920, an autologous CD19 x CD20 bispecific CAR-T cell therapy, in patients with relapsed or refractory diffuse large B-cell lymphoma (DLBCL).",
   "By recognizing two B-cell antigens, HX-C1920 is designed to reduce relapse caused by loss of a single antigen.",
   "Hanxin expects to start the Phase 1 trial at hospitals in Jiangsu and Shanghai later this year.",
  ],
  about_product=None,
  about_company="Hanxin Cell Therapeutics Co., Ltd. is a cell therapy company based in Suzhou, China.",
  expected=[rec("Hanxin Cell Therapeutics Co., Ltd.", "HX-C1920", "CAR-T", "autologous", ["CD19", "CD20"], ["diffuse large b-cell lymphoma"], "ind_cleared", "2025-03-03", authority="NMPA")]),

 dict(id="f05-stellarion-bcma-alias-orphan", template="gnw",
  title="Stellarion Bio Granted FDA Orphan Drug Designation for STL-303 in Multiple Myeloma",
  deck=[], dateline="PHILADELPHIA, Sept. 22, 2025 (GLOBE NEWSWIRE) --", company="Stellarion Bio", ticker="(Nasdaq: STLR)",
  body=[
   "{co} {tk} today announced that the U.S. Food and Drug Administration has granted Orphan Drug Designation to STL-303, its allogeneic CAR-T cell therapy targeting B-cell maturation antigen, for the treatment of multiple myeloma.",
   "STL-303 is made from donor-derived T cells with gene edits that lower the risk of graft-versus-host disease, and can be given without waiting for manufacturing.",
   "\u201cOrphan Drug Designation recognizes the need for new options in myeloma,\u201d said Helena Ortiz, President of Stellarion Bio.",
  ],
  about_product=None,
  about_company="Stellarion Bio develops allogeneic cell therapies for blood cancers.",
  expected=[rec("Stellarion Bio", "STL-303", "CAR-T", "allogeneic", ["BCMA"], ["multiple myeloma"], "designation", "2025-09-22", authority="FDA")]),

 dict(id="f06-neuvana-quote-disease", template="bw",
  title="Neuvana Therapeutics Doses First Patient in Phase 2 Trial of NVT-019 in Generalized Myasthenia Gravis",
  deck=[], dateline="CAMBRIDGE, Mass.--(BUSINESS WIRE)--April 2, 2026--", company="Neuvana Therapeutics, Inc.", ticker="(Nasdaq: NVNA)",
  body=[
   "{co} {tk} today announced that the first patient has been dosed in its Phase 2 trial of NVT-019, an autologous CD19-directed CAR-T cell therapy, in patients with generalized myasthenia gravis (gMG).",
   "\u201cIf we can reset the immune system in myasthenia gravis, the same approach could one day help people with multiple sclerosis and neuromyelitis optica,\u201d said Dr. Tomas Lindqvist, a neurologist and investigator in the trial.",
   "The trial will enroll about 30 patients whose disease is not controlled by current treatments.",
  ],
  about_product=None,
  about_company="Neuvana Therapeutics is developing cell therapies for neuroinflammatory diseases.",
  expected=[rec("Neuvana Therapeutics, Inc.", "NVT-019", "CAR-T", "autologous", ["CD19"], ["generalized myasthenia gravis"], "first_patient_dosed", "2026-04-02", "2")]),

 dict(id="f07-auralis-boilerplate-disease", template="newsroom",
  title="Auralis Bio Initiates Phase 1 Trial of CAR-NK Candidate AUR-500 in Idiopathic Inflammatory Myopathy",
  deck=[], dateline="SOUTH SAN FRANCISCO, Calif., May 12, 2026 --", company="Auralis Bio", ticker="",
  body=[
   "{co} today announced the initiation of a Phase 1 clinical trial of AUR-500, an allogeneic CAR-NK cell therapy directed at CD19, in patients with idiopathic inflammatory myopathy.",
   "The first clinical site has been activated at a university hospital in California, and screening is under way.",
  ],
  about_product=None,
  about_company="Auralis Bio is building off-the-shelf CAR-NK therapies for autoimmune disease, with research programs in systemic lupus erythematosus, lupus nephritis and systemic sclerosis.",
  expected=[rec("Auralis Bio", "AUR-500", "CAR-NK", "allogeneic", ["CD19"], ["idiopathic inflammatory myopathy"], "trial_initiated", "2026-05-12", "1")]),

 dict(id="f08-quintara-two-milestones", template="prn",
  title="Quintara Biosciences Announces IND Clearance and First Patient Dosed With Allogeneic CD70 CAR-T QNT-107",
  deck=[], dateline="NEW YORK, June 30, 2025 /PRNewswire/ --", company="Quintara Biosciences, Inc.", ticker="(Nasdaq: QNTB)",
  body=[
   "{co} {tk} today announced that the U.S. Food and Drug Administration has cleared the Investigational New Drug application for QNT-107, an allogeneic CAR-T cell therapy targeting CD70, and that the first patient has been dosed in the Phase 1 TRAVERSA trial in advanced clear cell renal cell carcinoma.",
   "QNT-107 is produced from healthy donor T cells and is designed for off-the-shelf use.",
   "\u201cTwo milestones in one quarter show how quickly an off-the-shelf therapy can reach patients,\u201d said Owen Barrett, Chief Executive Officer.",
  ],
  about_product=None,
  about_company="Quintara Biosciences develops allogeneic cell therapies for solid tumors.",
  expected=[
   rec("Quintara Biosciences, Inc.", "QNT-107", "CAR-T", "allogeneic", ["CD70"], ["clear cell renal cell carcinoma"], "ind_cleared", "2025-06-30", "1", authority="FDA"),
   rec("Quintara Biosciences, Inc.", "QNT-107", "CAR-T", "allogeneic", ["CD70"], ["clear cell renal cell carcinoma"], "first_patient_dosed", "2025-06-30", "1")]),

 dict(id="f09-orexa-two-products-license", template="gnw",
  title="Orexa Therapeutics Enters Exclusive License Agreement With Halvern Pharma for Myeloma Programs ORX-211 and ORX-212",
  deck=[], dateline="LONDON, Oct. 14, 2025 (GLOBE NEWSWIRE) --", company="Orexa Therapeutics plc", ticker="(Nasdaq: ORXA)",
  body=[
   "{co} {tk} today announced that it has entered into an exclusive global license agreement with Halvern Pharma for ORX-211, an autologous GPRC5D-directed CAR-T cell therapy, and ORX-212, an autologous BCMA-directed CAR-T cell therapy, both in development for multiple myeloma.",
   "Under the agreement, Orexa will receive an upfront payment of $120 million and is eligible for development and commercial milestones.",
   "\u201cHalvern brings the scale to take both programs to patients worldwide,\u201d said Felicity Grant, Chief Executive Officer of Orexa.",
  ],
  about_product=None,
  about_company="Orexa Therapeutics is a London-based developer of cell therapies for blood cancers.",
  expected=[
   rec("Orexa Therapeutics plc", "ORX-211", "CAR-T", "autologous", ["GPRC5D"], ["multiple myeloma"], "partnership", "2025-10-14"),
   rec("Orexa Therapeutics plc", "ORX-212", "CAR-T", "autologous", ["BCMA"], ["multiple myeloma"], "partnership", "2025-10-14")]),

 dict(id="f10-nordvik-european-date-approval", template="newsroom",
  title="European Commission Grants Conditional Marketing Authorisation to Brivexa for Follicular Lymphoma",
  deck=[], dateline="ZUG, Switzerland, 10 February 2026 --", company="Nordvik Biologics AG", ticker="(SIX: NRDV)",
  body=[
   "{co} {tk} today announced that the European Commission has granted conditional marketing authorisation for Brivexa\u00ae (norcabtagene autoleucel), a CD19-directed CAR-T cell therapy, for adults with relapsed or refractory follicular lymphoma after three or more lines of systemic therapy.",
   "The authorisation follows a positive opinion from the Committee for Medicinal Products for Human Use in December.",
  ],
  about_product=("About Brivexa", "Brivexa (norcabtagene autoleucel) is made from the patient's own T cells."),
  about_company="Nordvik Biologics AG is a Swiss company developing cell therapies for lymphoma.",
  expected=[rec("Nordvik Biologics AG", "Brivexa", "CAR-T", "autologous", ["CD19"], ["follicular lymphoma"], "approval", "2026-02-10", authority="EMA", aliases=["norcabtagene autoleucel"])]),

 dict(id="f11-tessera-iso-date-clinical-data", template="newsroom_iso",
  title="Tessera Immune Presents Phase 1 Data for TCR-T Therapy TSR-410 in Synovial Sarcoma at CTOS Annual Meeting",
  deck=[], dateline="HOUSTON, Nov. 4, 2025 --", company="Tessera Immune, Inc.", ticker="",
  iso_date="2025-11-04",
  body=[
   "{co} today presented clinical data from its Phase 1 trial of TSR-410, an autologous TCR-T cell therapy targeting MAGE-A4, in patients with advanced synovial sarcoma.",
   "Of 18 patients who received TSR-410, 9 had a confirmed objective response, and responses lasted a median of 11 months.",
  ],
  about_product=None,
  about_company="Tessera Immune develops engineered T-cell receptor therapies for solid tumors.",
  expected=[rec("Tessera Immune, Inc.", "TSR-410", "TCR-T", "autologous", ["MAGE-A4"], ["synovial sarcoma"], "clinical_data", "2025-11-04", "1")]),

 dict(id="f12-kelzen-pipe-dateline-bla", template="newsroom",
  title="Kelzen Oncology Announces FDA Acceptance of BLA With Priority Review for ERBB2-Directed ADC KZ-5001 in Gastric Cancer",
  deck=[], dateline="BOSTON | June 2, 2025 |", company="Kelzen Oncology, Inc.", ticker="(Nasdaq: KLZN)",
  body=[
   "{co} {tk} today announced that the U.S. Food and Drug Administration has accepted its Biologics License Application (BLA) for KZ-5001, an antibody-drug conjugate directed at ERBB2, and granted Priority Review for previously treated HER2-positive gastric cancer.",
   "The agency has set a target action date in the fourth quarter of 2025.",
  ],
  about_product=None,
  about_company="Kelzen Oncology develops antibody-drug conjugates for gastrointestinal cancers.",
  expected=[rec("Kelzen Oncology, Inc.", "KZ-5001", "ADC", None, ["HER2"], ["gastric cancer"], "regulatory_submission", "2025-06-02", authority="FDA")]),

 dict(id="f13-arbora-text-date-without-year", template="text",
  title="Arbora Cell Doses First Patient With Allogeneic CD7 CAR-T ARB-707 in T-Cell Acute Lymphoblastic Leukemia",
  deck=[], dateline="SHANGHAI, Jan. 20, 2026 /PRNewswire/ --", company="Arbora Cell Technologies Co., Ltd.", ticker="",
  body=[
   "{co} today announced that the first patient was dosed on January 15 with ARB-707, an allogeneic CD7-directed CAR-T cell therapy, in a Phase 1 trial in relapsed or refractory T-cell acute lymphoblastic leukemia (T-ALL).",
   "ARB-707 is made from healthy donor cells in which the CD7 gene is removed, so the CAR-T cells do not attack each other.",
  ],
  about_product=None,
  about_company="Arbora Cell Technologies Co., Ltd. is a Shanghai company developing cell therapies.",
  expected=[rec("Arbora Cell Technologies Co., Ltd.", "ARB-707", "CAR-T", "allogeneic", ["CD7"], ["t-cell acute lymphoblastic leukemia"], "first_patient_dosed", "2026-01-15", "1")]),

 dict(id="f14-meridel-enrollment-claudin", template="gnw",
  title="Meridel Therapeutics Completes Enrollment in Phase 2 Trial of Claudin 18.2 CAR-T MRD-182",
  deck=[], dateline="RALEIGH, N.C., Aug. 19, 2025 (GLOBE NEWSWIRE) --", company="Meridel Therapeutics, Inc.", ticker="(Nasdaq: MRDL)",
  body=[
   "{co} {tk} today announced that it has completed enrollment in its Phase 2 trial of MRD-182, an autologous CAR-T cell therapy targeting Claudin 18.2, in patients with advanced gastric or gastroesophageal junction cancer.",
   "Topline data are expected in the first half of 2026.",
  ],
  about_product=None,
  about_company="Meridel Therapeutics develops cell therapies for gastrointestinal cancers, including pancreatic cancer.",
  expected=[rec("Meridel Therapeutics, Inc.", "MRD-182", "CAR-T", "autologous", ["CLDN18.2"], ["gastric cancer", "gastroesophageal junction cancer"], "enrollment_completed", "2025-08-19", "2")]),

 dict(id="f15-envue-rmat-lupus-nephritis", template="bw",
  title="EnVue Therapeutics Receives RMAT Designation for In Vivo CAR-T ENV-301 in Lupus Nephritis",
  deck=[], dateline="SAN FRANCISCO--(BUSINESS WIRE)--July 8, 2025--", company="EnVue Therapeutics, Inc.", ticker="",
  body=[
   "{co} today announced that the U.S. Food and Drug Administration has granted Regenerative Medicine Advanced Therapy (RMAT) designation to ENV-301, its in vivo CAR-T therapy targeting CD19, for the treatment of lupus nephritis (LN).",
   "ENV-301 reprograms T cells inside the body, avoiding leukapheresis and cell manufacturing.",
  ],
  about_product=None,
  about_company="EnVue Therapeutics is developing in vivo cell therapies for autoimmune disease.",
  expected=[rec("EnVue Therapeutics, Inc.", "ENV-301", "CAR-T", "in_vivo", ["CD19"], ["lupus nephritis"], "designation", "2025-07-08", authority="FDA")]),

 dict(id="f16-triveda-dll3-tce-fast-track", template="prn",
  title="Triveda Bio Receives Fast Track Designation for DLL3 x CD3 T-Cell Engager TVD-4401 in Small Cell Lung Cancer",
  deck=[], dateline="AUSTIN, Texas, Dec. 1, 2025 /PRNewswire/ --", company="Triveda Bio, Inc.", ticker="(Nasdaq: TRVD)",
  body=[
   "{co} {tk} today announced that the FDA has granted Fast Track designation to TVD-4401, a bispecific T-cell engager that binds DLL3 on tumor cells and CD3 on T cells, for the treatment of extensive-stage small cell lung cancer (SCLC).",
   "TVD-4401 is in a Phase 1 dose-escalation study.",
  ],
  about_product=None,
  about_company="Triveda Bio develops T-cell engagers for solid tumors.",
  expected=[rec("Triveda Bio, Inc.", "TVD-4401", "T-cell engager", None, ["DLL3", "CD3"], ["small cell lung cancer"], "designation", "2025-12-01", "1", authority="FDA")]),

 dict(id="f17-basepoint-gene-editing-sickle", template="gnw",
  title="Basepoint Genomics Doses First Patient With Base-Editing Therapy BPG-601 for Sickle Cell Disease",
  deck=[], dateline="CAMBRIDGE, Mass., Feb. 24, 2026 (GLOBE NEWSWIRE) --", company="Basepoint Genomics, Inc.", ticker="(Nasdaq: BPGX)",
  body=[
   "{co} {tk} today announced that the first patient has been dosed with BPG-601, an investigational base-editing therapy made from the patient's own blood stem cells, in the Phase 1/2 BEACON-SCD trial in sickle cell disease.",
   "BPG-601 uses base editing to switch on fetal hemoglobin without cutting DNA.",
  ],
  about_product=None,
  about_company="Basepoint Genomics develops gene editing medicines for blood disorders, including beta thalassemia.",
  expected=[rec("Basepoint Genomics, Inc.", "BPG-601", "gene editing", "autologous", [], ["sickle cell disease"], "first_patient_dosed", "2026-02-24", "1/2")]),

 dict(id="f18-hemacure-gene-therapy-ind", template="bw",
  title="Hemacure Receives FDA IND Clearance for AAV Gene Therapy HMC-112 in Hemophilia B",
  deck=[], dateline="CHICAGO--(BUSINESS WIRE)--Nov. 13, 2025--", company="Hemacure, Inc.", ticker="",
  body=[
   "{co} today announced that the U.S. Food and Drug Administration has cleared its IND application for HMC-112, a one-time AAV gene therapy for adults with severe hemophilia B.",
   "The company plans to begin a Phase 1/2 study in 2026.",
  ],
  about_product=None,
  about_company="Hemacure develops gene therapies for bleeding disorders.",
  expected=[rec("Hemacure, Inc.", "HMC-112", "gene therapy", None, [], ["hemophilia b"], "ind_cleared", "2025-11-13", authority="FDA")]),

 dict(id="f19-cytalis-til-melanoma", template="prn",
  title="Cytalis Treats First Patient in Phase 2 Trial of TIL Therapy CYT-220 in Advanced Melanoma",
  deck=[], dateline="TAMPA, Fla., Sept. 9, 2025 /PRNewswire/ --", company="Cytalis Therapeutics, Inc.", ticker="(Nasdaq: CYTL)",
  body=[
   "{co} {tk} today announced that the first patient has been treated in its Phase 2 trial of CYT-220, an autologous tumor-infiltrating lymphocyte (TIL) therapy, in patients with advanced melanoma after anti-PD-1 therapy.",
   "CYT-220 is grown from lymphocytes taken from each patient's own tumor.",
  ],
  about_product=None,
  about_company="Cytalis Therapeutics develops tumor-infiltrating lymphocyte therapies.",
  expected=[rec("Cytalis Therapeutics, Inc.", "CYT-220", "TIL", "autologous", [], ["melanoma"], "first_patient_dosed", "2025-09-09", "2")]),

 dict(id="f20-alvion-contrast-carnk-gpc3", template="gnw",
  title="Alvion Cell Activates First Site in Phase 1 Trial of Off-the-Shelf CAR-NK ALV-033 in Hepatocellular Carcinoma",
  deck=[], dateline="SAN DIEGO, Jan. 27, 2026 (GLOBE NEWSWIRE) --", company="Alvion Cell, Inc.", ticker="",
  body=[
   "{co} today announced that the first clinical site has been activated in its Phase 1 trial of ALV-033, a CAR-NK cell therapy targeting glypican-3, in patients with advanced hepatocellular carcinoma (HCC).",
   "Unlike autologous cell therapies, which must be made from each patient's own cells, ALV-033 is an allogeneic product manufactured in advance from donor cord blood.",
  ],
  about_product=None,
  about_company="Alvion Cell develops off-the-shelf natural killer cell therapies for liver and lung cancers.",
  expected=[rec("Alvion Cell, Inc.", "ALV-033", "CAR-NK", "allogeneic", ["GPC3"], ["hepatocellular carcinoma"], "trial_initiated", "2026-01-27", "1")]),

 dict(id="f21-myelix-bcma-gprc5d-markers", template="prn",
  title="Myelix Therapeutics Doses First Patient With BCMA-GPRC5D Dual CAR-T MYX-5D in Multiple Myeloma",
  deck=[], dateline="NASHVILLE, Tenn., March 30, 2026 /PRNewswire/ --", company="Myelix Therapeutics, Inc.", ticker="(Nasdaq: MYLX)",
  body=[
   "{co} {tk} today announced that the first patient has been dosed in a Phase 1 trial of MYX-5D, an autologous BCMA-GPRC5D dual CAR-T cell therapy, in relapsed or refractory multiple myeloma.",
   "The product is manufactured from CD3+ T cells, and patients with CD19-positive disease features are also eligible.",
  ],
  about_product=None,
  about_company="Myelix Therapeutics is focused on multiple myeloma.",
  expected=[rec("Myelix Therapeutics, Inc.", "MYX-5D", "CAR-T", "autologous", ["BCMA", "GPRC5D"], ["multiple myeloma"], "first_patient_dosed", "2026-03-30", "1")]),

 dict(id="f22-solano-background-history", template="bw",
  title="Solano Biotherapeutics Doses First Patient in Phase 2 Trial of SOL-620 in Systemic Sclerosis",
  deck=[], dateline="DURHAM, N.C.--(BUSINESS WIRE)--May 5, 2026--", company="Solano Biotherapeutics, Inc.", ticker="(Nasdaq: SOLB)",
  body=[
   "{co} {tk} today announced that the first patient has been dosed in its Phase 2 trial of SOL-620, an autologous CD19-directed CAR-T cell therapy, in patients with diffuse cutaneous systemic sclerosis.",
   "In 2024, the FDA granted RMAT designation to SOL-620, and the Phase 1 results were presented at a medical meeting last year.",
  ],
  about_product=None,
  about_company="Solano Biotherapeutics develops cell therapies for autoimmune disease.",
  expected=[rec("Solano Biotherapeutics, Inc.", "SOL-620", "CAR-T", "autologous", ["CD19"], ["systemic sclerosis"], "first_patient_dosed", "2026-05-05", "2")]),

 dict(id="f23-calyra-future-dosing-in-quote", template="newsroom",
  title="Calyra Bio Opens Enrollment in Phase 1 Trial of CLY-411 in ANCA-Associated Vasculitis",
  deck=[], dateline="DENVER, Colo., Oct. 1, 2025 --", company="Calyra Bio, Inc.", ticker="",
  body=[
   "{co} today announced that enrollment has opened in its Phase 1 trial of CLY-411, an allogeneic CD19-directed CAR-T cell therapy, in ANCA-associated vasculitis.",
   "\u201cWe look forward to dosing the first patient before the end of the year,\u201d said Ruth Emery, Chief Executive Officer of Calyra Bio.",
  ],
  about_product=None,
  about_company="Calyra Bio develops allogeneic cell therapies for autoimmune disease.",
  expected=[rec("Calyra Bio, Inc.", "CLY-411", "CAR-T", "allogeneic", ["CD19"], ["anca-associated vasculitis"], "trial_initiated", "2025-10-01", "1")]),

 dict(id="f24-pallas-platform-partnership", template="gnw",
  title="Pallas Immunotherapeutics and Orvane Pharma Form Collaboration on NovaSwitch Platform for Allogeneic CAR-T",
  deck=[], dateline="BASEL, Switzerland, Feb. 3, 2026 (GLOBE NEWSWIRE) --", company="Pallas Immunotherapeutics AG", ticker="",
  body=[
   "{co} today announced a strategic research collaboration with Orvane Pharma to apply its NovaSwitch\u2122 platform to new allogeneic CAR-T programs.",
   "Pallas will receive an upfront payment and research funding, and Orvane will have the option to license programs that come out of the work.",
  ],
  about_product=None,
  about_company="Pallas Immunotherapeutics AG develops switchable cell therapy platforms.",
  expected=[rec("Pallas Immunotherapeutics AG", None, "CAR-T", "allogeneic", [], [], "partnership", "2026-02-03")]),

 dict(id="f25-lumora-quarterly-results", template="gnw",
  title="Lumora Therapeutics Reports Third Quarter 2025 Financial Results and Business Highlights",
  deck=[], dateline="SAN DIEGO, Nov. 6, 2025 (GLOBE NEWSWIRE) --", company="Lumora Therapeutics, Inc.", ticker="(Nasdaq: LUMR)",
  body=[
   "{co} {tk} today reported financial results for the third quarter ended September 30, 2025.",
   "During the quarter, the company received FDA clearance of its IND for LUM-201 in systemic lupus erythematosus. Research and development expenses were $31.2 million, and cash was $412 million.",
  ],
  about_product=None,
  about_company="Lumora Therapeutics develops allogeneic cell therapies for autoimmune disease.",
  expected=[]),

 dict(id="f26-corvane-appoints-cmo", template="prn",
  title="Corvane Bio Appoints Elena Varga, M.D., as Chief Medical Officer",
  deck=[], dateline="BOSTON, April 14, 2026 /PRNewswire/ --", company="Corvane Bio, Inc.", ticker="(Nasdaq: CRVB)",
  body=[
   "{co} {tk} today announced the appointment of Elena Varga, M.D., as Chief Medical Officer.",
   "Dr. Varga led the development of several CAR-T therapies for multiple myeloma, including a program that received approval in 2023.",
  ],
  about_product=None,
  about_company="Corvane Bio develops autologous cell therapies for hematologic cancers.",
  expected=[]),

 dict(id="f27-stellarion-offering", template="gnw",
  title="Stellarion Bio Announces Pricing of $150 Million Public Offering",
  deck=[], dateline="PHILADELPHIA, Jan. 15, 2026 (GLOBE NEWSWIRE) --", company="Stellarion Bio", ticker="(Nasdaq: STLR)",
  body=[
   "{co} {tk} today announced the pricing of an underwritten public offering of 10,000,000 shares of its common stock at $15.00 per share.",
   "Stellarion intends to use the proceeds to fund development of STL-303, which recently received Orphan Drug Designation in multiple myeloma.",
  ],
  about_product=None,
  about_company="Stellarion Bio develops allogeneic cell therapies for blood cancers.",
  expected=[]),

 dict(id="f28-triveda-investor-conference", template="bw",
  title="Triveda Bio to Participate in Upcoming Investor Conferences",
  deck=[], dateline="AUSTIN, Texas--(BUSINESS WIRE)--Feb. 20, 2026--", company="Triveda Bio, Inc.", ticker="(Nasdaq: TRVD)",
  body=[
   "{co} {tk} today announced that management will take part in fireside chats at two investor conferences in March.",
   "Live webcasts will be available on the company's website. Triveda recently received Fast Track designation for TVD-4401 in small cell lung cancer.",
  ],
  about_product=None,
  about_company="Triveda Bio develops T-cell engagers for solid tumors.",
  expected=[]),

 dict(id="f29-basepoint-preclinical", template="newsroom",
  title="Basepoint Genomics Presents Preclinical Data on In Vivo Base Editing at Scientific Meeting",
  deck=[], dateline="CAMBRIDGE, Mass., May 20, 2026 --", company="Basepoint Genomics, Inc.", ticker="",
  body=[
   "{co} today presented preclinical data showing efficient in vivo base editing in non-human primates.",
   "The company said the results support further research but did not name a development candidate.",
  ],
  about_product=None,
  about_company="Basepoint Genomics develops gene editing medicines.",
  expected=[]),

 dict(id="f30-hanxin-manufacturing-site", template="text",
  title="Hanxin Cell Therapeutics Opens New Cell Therapy Manufacturing Facility in Suzhou",
  deck=[], dateline="SUZHOU, China, Aug. 8, 2025 /PRNewswire/ --", company="Hanxin Cell Therapeutics Co., Ltd.", ticker="",
  body=[
   "{co} today announced the opening of a 12,000-square-meter manufacturing facility designed to produce CAR-T therapies for clinical trials and future commercial supply.",
   "The site can manufacture products for up to 2,000 patients each year.",
  ],
  about_product=None,
  about_company="Hanxin Cell Therapeutics Co., Ltd. is a cell therapy company based in Suzhou, China.",
  expected=[]),

 dict(id="f31-veridex-brand-inn-approval", template="prn",
  title="FDA Grants Accelerated Approval to Xelvari for Relapsed or Refractory Mantle Cell Lymphoma",
  deck=[], dateline="PRINCETON, N.J., July 21, 2025 /PRNewswire/ --", company="Veridex Oncology, Inc.", ticker="(NYSE: VRDX)",
  body=[
   "{co} {tk} today announced that the U.S. Food and Drug Administration has granted accelerated approval to Xelvari\u00ae (anzocabtagene autoleucel; anzo-cel), a CD19-directed CAR-T cell therapy, for adults with relapsed or refractory mantle cell lymphoma (MCL).",
   "The approval is based on response rates from the Phase 2 ZENITH-MCL study.",
  ],
  about_product=None,
  about_company="Veridex Oncology develops cell therapies for lymphoma and leukemia.",
  expected=[rec("Veridex Oncology, Inc.", "Xelvari", "CAR-T", "autologous", ["CD19"], ["mantle cell lymphoma"], "approval", "2025-07-21", authority="FDA", aliases=["anzocabtagene autoleucel", "anzo-cel"])]),

 dict(id="f32-galdor-text-chmp-opinion", template="text",
  title="Galdor Biopharma Receives Positive CHMP Opinion for Velkitamab in Multiple Myeloma",
  deck=[], dateline="DUBLIN, Ireland, Sept. 5, 2025 /PRNewswire/ --", company="Galdor Biopharma plc", ticker="(Nasdaq: GLDR)",
  body=[
   "{co} {tk} today announced that the Committee for Medicinal Products for Human Use (CHMP) of the European Medicines Agency has adopted a positive opinion recommending conditional marketing authorisation for velkitamab, a BCMAxCD3 bispecific T-cell engager, for adults with relapsed and refractory multiple myeloma.",
   "The European Commission is expected to decide within 67 days.",
  ],
  about_product=None,
  about_company="Galdor Biopharma develops antibody medicines for blood cancers.",
  expected=[rec("Galdor Biopharma plc", "velkitamab", "T-cell engager", None, ["BCMA", "CD3"], ["multiple myeloma"], "regulatory_submission", "2025-09-05", authority="EMA")]),
 dict(id="f33-gravion-donor-derived-quote-history", template="prn",
  title="Gravion Doses First Patient in Phase 1/2 Study of Donor-Derived CD19 CAR-T GV007 in B-Cell Acute Lymphoblastic Leukemia",
  deck=[], dateline="SHANGHAI, Jan. 3, 2026 /PRNewswire/ --", company="Gravion Biotechnologies Inc.", ticker="(NASDAQ: GRVN)",
  body=[
   "{co} (\"Gravion\" or the \"Company\") {tk}, a clinical-stage biopharmaceutical company, today announced that the first patient has been dosed in its Phase 1/2 study of GV007, a donor-derived CD19-directed CAR-T cell therapy, for the treatment of B-cell acute lymphoblastic leukemia (B-ALL).",
   "\u201cPatients with ALL need better options, and we also plan to study GV007 in lupus,\u201d said Dr. Wei Chen, Founder of Gravion.",
   "GV007 is manufactured with the Company's rapid manufacturing platform. In 2023, GV007 received Orphan Drug Designation from the FDA.",
  ],
  about_product=None,
  about_company="Gravion Biotechnologies develops cell therapies for leukemia and autoimmune disease.",
  expected=[rec("Gravion Biotechnologies Inc.", "GV007", "CAR-T", "allogeneic", ["CD19"], ["b-cell acute lymphoblastic leukemia"], "first_patient_dosed", "2026-01-03", "1/2")]),

 dict(id="f34-nextcell-dual-target-marker", template="gnw",
  title="FDA Grants Fast Track Designation to NXT-330 for Treatment of Recurrent Glioblastoma",
  deck=[], dateline="CAMBRIDGE, Mass., Feb. 2, 2026 (GLOBE NEWSWIRE) --", company="NextCell Oncology, Inc.", ticker="(Nasdaq: NXTC)",
  body=[
   "{co} {tk} today announced that the U.S. Food and Drug Administration has granted Fast Track designation to NXT-330, its autologous IL13Ra2 and EGFR-targeting dual CAR T-cell therapy, for the treatment of recurrent glioblastoma (GBM).",
   "Patients in the ongoing Phase 1 study are not selected by HER2-positive or PD-L1 status.",
  ],
  about_product=None,
  about_company="NextCell Oncology develops cell therapies for brain tumors.",
  expected=[rec("NextCell Oncology, Inc.", "NXT-330", "CAR-T", "autologous", ["IL13Ra2", "EGFR"], ["glioblastoma"], "designation", "2026-02-02", authority="FDA")]),

 dict(id="f35-palisade-hedged-dosing", template="text",
  title="Palisade Cell Initiates Phase 2 Trial of PC-900 in Relapsing Multiple Sclerosis",
  deck=[], dateline="SAN FRANCISCO, May 6, 2026 /PRNewswire/ --", company="Palisade Cell, Inc.", ticker="",
  body=[
   "{co} today announced the initiation of its Phase 2 trial of PC-900, an autologous CD19 CAR-T cell therapy, in relapsing MS. The first patient is expected to be dosed in the third quarter of 2026.",
   "Palisade previously reported Phase 1 data for PC-900 in myasthenia gravis.",
  ],
  about_product=None,
  about_company="Palisade Cell develops cell therapies for neuroimmunology.",
  expected=[rec("Palisade Cell, Inc.", "PC-900", "CAR-T", "autologous", ["CD19"], ["multiple sclerosis"], "trial_initiated", "2026-05-06", "2")]),
 dict(id="f36-celestia-two-news-two-products", template="prn",
  title="Celestia Bio Completes Dosing of First Cohort With CAR-NK CLS-801 in Lupus and Receives Rare Pediatric Disease Designation for CLS-802 in Neuroblastoma",
  deck=[], dateline="HOUSTON, June 1, 2026 /PRNewswire/ --", company="Celestia Bio, Inc.", ticker="(Nasdaq: CLST)",
  body=[
   "{co} {tk} today announced that it has completed dosing of the first cohort in the Phase 1 trial of CLS-801, an allogeneic CD19-directed CAR-NK cell therapy, in systemic lupus erythematosus.",
   "Separately, the U.S. Food and Drug Administration has granted Rare Pediatric Disease designation to CLS-802, an autologous GD2-directed CAR-T cell therapy, for high-risk neuroblastoma.",
  ],
  about_product=None,
  about_company="Celestia Bio develops cell therapies for autoimmune disease and pediatric cancers.",
  expected=[
   rec("Celestia Bio, Inc.", "CLS-801", "CAR-NK", "allogeneic", ["CD19"], ["systemic lupus erythematosus"], "enrollment_completed", "2026-06-01", "1"),
   rec("Celestia Bio, Inc.", "CLS-802", "CAR-T", "autologous", ["GD2"], ["neuroblastoma"], "designation", "2026-06-01", authority="FDA")]),
]

