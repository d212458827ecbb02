//! Validation of the request (LFT 684-C, 684-E I, VI, fast track).

use super::*;

fn check(input: &RequestInput) -> Result<RequestDraft, DomainError> {
    validate(input, law().catalogs.as_ref())
}

fn field(e: &DomainError) -> &str {
    param(e, "field").unwrap_or("")
}

#[test]
fn a_complete_request_is_typed() {
    let d = check(&worker_request()).unwrap();
    match &d.requester.person {
        Some(Person::Individual { curp: Some(c), .. }) => assert_eq!(c.as_str(), CURP),
        other => panic!("{other:?}"),
    }
    match &d.counterpart.person {
        Some(Person::LegalEntity { rfc: Some(r), name }) => {
            assert_eq!(r.as_str(), COMPANY_RFC);
            assert_eq!(name, "Abarrotes del Centro SA de CV");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(d.workplace.scian.as_deref(), Some("461110"));
    assert_eq!(d.workplace.state, jal());
    // Objects sorted and without repeats.
    let mut input = worker_request();
    input.objects = vec![Object::Overtime, Object::Dismissal, Object::Overtime];
    assert_eq!(
        check(&input).unwrap().objects,
        vec![Object::Dismissal, Object::Overtime]
    );
}

#[test]
fn the_requester_needs_name_curp_and_address() {
    let mut input = worker_request();
    input.requester.curp = String::new();
    let e = check(&input).unwrap_err();
    assert_eq!((e.code, field(&e)), ("field.required", "requester.curp"));

    let mut input = worker_request();
    input.requester.curp = "BOXW310820HNERXN08".into(); // wrong check digit
    let e = check(&input).unwrap_err();
    assert_eq!((e.code, field(&e)), ("curp.invalid", "requester.curp"));
    assert_eq!(param(&e, "reason"), Some("curp.check_digit"));

    let mut input = worker_request();
    input.requester.name = "  ".into();
    assert_eq!(field(&check(&input).unwrap_err()), "requester.name");

    let mut input = worker_request();
    input.requester.address = String::new();
    assert_eq!(field(&check(&input).unwrap_err()), "requester.address");

    let mut input = worker_request();
    input.requester.kind = None;
    assert_eq!(field(&check(&input).unwrap_err()), "requester.kind");
}

#[test]
fn a_company_files_through_its_representative() {
    let mut input = worker_request();
    std::mem::swap(&mut input.requester, &mut input.counterpart);
    input.requester_role = PartyRole::Employer;
    input.counterpart_role = PartyRole::Worker;
    let e = check(&input).unwrap_err();
    assert_eq!(
        (e.code, field(&e)),
        ("conciliation.representative_required", "requester.representative")
    );
    input.requester.representative = Some(RepresentativeInput {
        name: "Luis Pérez".into(),
        curp: CURP.into(),
        capacity: "apoderado legal".into(),
    });
    let d = check(&input).unwrap();
    assert_eq!(d.requester.representative.unwrap().name, "Luis Pérez");
    // A company has no CURP.
    input.requester.curp = CURP.into();
    assert_eq!(check(&input).unwrap_err().code, "conciliation.curp_for_legal_entity");
}

#[test]
fn rfc_kind_must_match_the_person() {
    let mut input = worker_request();
    input.counterpart.rfc = "GODE561231GR8".into(); // a person's RFC for a company
    let e = check(&input).unwrap_err();
    assert_eq!(
        (e.code, field(&e)),
        ("conciliation.rfc_kind_mismatch", "counterpart.rfc")
    );
    input.counterpart.kind = Some(PersonKind::Individual);
    let d = check(&input).unwrap();
    assert!(matches!(
        d.counterpart.person,
        Some(Person::Individual {
            rfc: Some(_),
            curp: None,
            ..
        })
    ));
    input.counterpart.rfc = "NOT AN RFC".into();
    assert_eq!(check(&input).unwrap_err().code, "rfc.invalid");
}

#[test]
fn a_worker_may_name_the_employer_by_the_workplace_only() {
    // 684-C, last paragraph.
    let mut input = worker_request();
    input.counterpart.name = String::new();
    input.counterpart.rfc = String::new();
    input.counterpart.kind = None;
    let d = check(&input).unwrap();
    assert_eq!(d.counterpart.person, None);
    assert_eq!(d.counterpart.name(), "");
    // Not an employer naming a worker.
    input.requester_role = PartyRole::Employer;
    input.counterpart_role = PartyRole::Worker;
    input.requester.representative = None;
    assert_eq!(field(&check(&input).unwrap_err()), "counterpart.name");
    // The address is still required.
    let mut input = worker_request();
    input.counterpart = PartyInput::default();
    assert_eq!(field(&check(&input).unwrap_err()), "counterpart.address");
}

#[test]
fn the_workplace_state_and_scian_are_checked() {
    let mut input = worker_request();
    input.workplace.state = "33".into();
    assert_eq!(field(&check(&input).unwrap_err()), "workplace.state");
    let mut input = worker_request();
    input.workplace.scian = "999999".into();
    let e = check(&input).unwrap_err();
    assert_eq!((e.code, field(&e)), ("conciliation.scian_unknown", "workplace.scian"));
    input.workplace.scian = String::new();
    assert_eq!(check(&input).unwrap().workplace.scian, None);
}

#[test]
fn objects_priority_channel_and_fast_track() {
    let mut input = worker_request();
    input.objects.clear();
    assert_eq!(check(&input).unwrap_err().code, "conciliation.no_object");
    input.objects = vec![Object::Other];
    assert_eq!(field(&check(&input).unwrap_err()), "object_detail");
    input.object_detail = "Reparto de propinas".into();
    assert!(check(&input).is_ok());

    let mut input = worker_request();
    input.priority = vec![
        PriorityNeed::Interpreter {
            language: " Wixárika ".into(),
        },
        PriorityNeed::Pregnancy,
        PriorityNeed::Pregnancy,
    ];
    let d = check(&input).unwrap();
    assert_eq!(
        d.priority,
        vec![
            PriorityNeed::Interpreter {
                language: "Wixárika".into()
            },
            PriorityNeed::Pregnancy
        ]
    );
    input.priority = vec![PriorityNeed::Interpreter {
        language: String::new(),
    }];
    assert_eq!(field(&check(&input).unwrap_err()), "priority.language");

    let mut input = worker_request();
    input.channel = Channel::Joint;
    input.fast_track = true;
    assert_eq!(
        check(&input).unwrap_err().code,
        "conciliation.fast_track_with_joint_filing"
    );
    input.fast_track = false;
    assert!(check(&input).is_ok());
    assert_eq!(Track::of(Channel::Joint, false), Track::Joint);
    assert_eq!(Track::of(Channel::Online, true), Track::FastTrack);
    assert_eq!(Track::of(Channel::Counter, false), Track::Ordinary);

    let mut input = worker_request();
    input.counterpart_role = PartyRole::Worker;
    assert_eq!(check(&input).unwrap_err().code, "conciliation.parties_same_role");
}

#[test]
fn the_request_round_trips_through_json() {
    let input = worker_request();
    let json = serde_json::to_string(&input).unwrap();
    assert_eq!(serde_json::from_str::<RequestInput>(&json).unwrap(), input);
    let d = check(&input).unwrap();
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(serde_json::from_str::<RequestDraft>(&json).unwrap(), d);
}
