//! The diesel schema, one for both backends (portable column types only).
//!
//! Written to match `migrations/{postgresql,sqlite}`; the schema test in `tests/` compares the
//! migrated databases of both backends with each other and with this file.
#![allow(missing_docs)]

diesel::table! {
    centers (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        center_id -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    imports (id) {
        id -> Text,
        center_id -> Text,
        kind -> Text,
        file_sha256 -> Text,
        mode -> Text,
        rows_total -> BigInt,
        rows_created -> BigInt,
        rows_updated -> BigInt,
        rows_skipped -> BigInt,
        rows_failed -> BigInt,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    patients (id) {
        id -> Text,
        center_id -> Text,
        local_ref -> Text,
        sex -> Text,
        birth_month -> Text,
        diagnosis -> Text,
        aa_subtype -> Nullable<Text>,
        aa_episode_start -> Nullable<Date>,
        nail_involvement -> Nullable<Bool>,
        childbearing_potential -> Nullable<Bool>,
        vaccination_programme_complete -> Nullable<Bool>,
        varicella_immune -> Nullable<Bool>,
        consent_research -> Bool,
        consent_date -> Nullable<Date>,
        consent_withdrawn_on -> Nullable<Date>,
        import_id -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        delete_reason -> Nullable<Text>,
    }
}

diesel::table! {
    treatment_episodes (id) {
        id -> Text,
        center_id -> Text,
        patient_id -> Text,
        drug -> Text,
        indication -> Text,
        episode_number -> Integer,
        start_date -> Date,
        stop_date -> Nullable<Date>,
        stop_reason -> Nullable<Text>,
        dose_amount -> Nullable<Text>,
        dose_unit -> Nullable<Text>,
        dose_frequency -> Nullable<Text>,
        warnings -> Text,
        rules_version -> Text,
        import_id -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        delete_reason -> Nullable<Text>,
    }
}

diesel::table! {
    dose_changes (id) {
        id -> Text,
        center_id -> Text,
        episode_id -> Text,
        effective_date -> Date,
        amount -> Text,
        unit -> Text,
        frequency -> Text,
        is_taper -> Bool,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        delete_reason -> Nullable<Text>,
    }
}

diesel::table! {
    interruptions (id) {
        id -> Text,
        center_id -> Text,
        episode_id -> Text,
        from_date -> Date,
        to_date -> Nullable<Date>,
        reason -> Text,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        delete_reason -> Nullable<Text>,
    }
}

diesel::table! {
    visits (id) {
        id -> Text,
        center_id -> Text,
        patient_id -> Text,
        visit_date -> Date,
        weight_kg -> Nullable<Text>,
        salt_top -> Nullable<Text>,
        salt_back -> Nullable<Text>,
        salt_right -> Nullable<Text>,
        salt_left -> Nullable<Text>,
        salt_total -> Nullable<Text>,
        easi_regions -> Nullable<Text>,
        easi_total -> Nullable<Text>,
        pp_nrs -> Nullable<Integer>,
        viga -> Nullable<Integer>,
        poem_items -> Nullable<Text>,
        poem_total -> Nullable<Integer>,
        dlqi_items -> Nullable<Text>,
        dlqi_total -> Nullable<Integer>,
        cdlqi_items -> Nullable<Text>,
        cdlqi_total -> Nullable<Integer>,
        idqol_items -> Nullable<Text>,
        idqol_total -> Nullable<Integer>,
        eyebrows -> Nullable<Integer>,
        eyelashes -> Nullable<Integer>,
        vellus_hair -> Nullable<Bool>,
        wig -> Nullable<Bool>,
        computed -> Text,
        warnings -> Text,
        rules_version -> Text,
        import_id -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        delete_reason -> Nullable<Text>,
        missing_fields -> Text,
    }
}

diesel::table! {
    lab_results (id) {
        id -> Text,
        center_id -> Text,
        patient_id -> Text,
        visit_id -> Nullable<Text>,
        sample_date -> Date,
        analyte -> Text,
        value -> Text,
        unit -> Text,
        canonical_value -> Text,
        canonical_unit -> Text,
        uln -> Nullable<Text>,
        lln -> Nullable<Text>,
        flags -> Text,
        rules_version -> Text,
        import_id -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        delete_reason -> Nullable<Text>,
    }
}

diesel::table! {
    adverse_events (id) {
        id -> Text,
        center_id -> Text,
        patient_id -> Text,
        visit_id -> Nullable<Text>,
        episode_id -> Nullable<Text>,
        term -> Text,
        meddra_code -> Nullable<Text>,
        category -> Nullable<Text>,
        onset_date -> Date,
        end_date -> Nullable<Date>,
        grade -> Integer,
        serious -> Bool,
        seriousness -> Text,
        causality -> Nullable<Text>,
        action -> Nullable<Text>,
        outcome -> Nullable<Text>,
        flags -> Text,
        rules_version -> Text,
        import_id -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        delete_reason -> Nullable<Text>,
        meddra_term -> Nullable<Text>,
    }
}

diesel::table! {
    vaccinations (id) {
        id -> Text,
        center_id -> Text,
        patient_id -> Text,
        vaccine -> Text,
        dose_number -> Nullable<Integer>,
        vaccination_date -> Date,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        delete_reason -> Nullable<Text>,
    }
}

diesel::table! {
    comorbidities (id) {
        id -> Text,
        center_id -> Text,
        patient_id -> Text,
        condition -> Text,
        onset_year -> Nullable<Integer>,
        active -> Bool,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        delete_reason -> Nullable<Text>,
    }
}

diesel::table! {
    data_queries (id) {
        id -> Text,
        center_id -> Text,
        patient_id -> Nullable<Text>,
        entity -> Text,
        entity_id -> Nullable<Text>,
        field -> Nullable<Text>,
        message -> Text,
        status -> Text,
        answer -> Nullable<Text>,
        raised_by -> Text,
        raised_at -> Timestamp,
        answered_by -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        chain -> Text,
        seq -> BigInt,
        occurred_at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        center_id -> Nullable<Text>,
        entity -> Text,
        entity_id -> Nullable<Text>,
        action -> Text,
        reason -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        request_id -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_heads (chain) {
        chain -> Text,
        seq -> BigInt,
        hash -> Text,
    }
}

diesel::table! {
    idempotency_records (user_id, idem_key) {
        user_id -> Text,
        idem_key -> Text,
        method -> Text,
        path -> Text,
        request_hash -> Text,
        status -> Integer,
        response_body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    export_jobs (id) {
        id -> Text,
        requested_by -> Text,
        cohort -> Text,
        k -> Integer,
        status -> Text,
        percent -> Integer,
        stage -> Nullable<Text>,
        data_cut -> Nullable<Date>,
        manifest -> Nullable<Text>,
        sha256 -> Nullable<Text>,
        file_name -> Nullable<Text>,
        error -> Nullable<Text>,
        created_at -> Timestamp,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    revoked_tokens (jti) {
        jti -> Text,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(users -> centers (center_id));
diesel::joinable!(imports -> centers (center_id));
diesel::joinable!(patients -> centers (center_id));
diesel::joinable!(patients -> imports (import_id));
diesel::joinable!(treatment_episodes -> centers (center_id));
diesel::joinable!(treatment_episodes -> patients (patient_id));
diesel::joinable!(treatment_episodes -> imports (import_id));
diesel::joinable!(dose_changes -> centers (center_id));
diesel::joinable!(dose_changes -> treatment_episodes (episode_id));
diesel::joinable!(interruptions -> centers (center_id));
diesel::joinable!(interruptions -> treatment_episodes (episode_id));
diesel::joinable!(visits -> centers (center_id));
diesel::joinable!(visits -> patients (patient_id));
diesel::joinable!(visits -> imports (import_id));
diesel::joinable!(lab_results -> centers (center_id));
diesel::joinable!(lab_results -> patients (patient_id));
diesel::joinable!(lab_results -> visits (visit_id));
diesel::joinable!(lab_results -> imports (import_id));
diesel::joinable!(adverse_events -> centers (center_id));
diesel::joinable!(adverse_events -> patients (patient_id));
diesel::joinable!(adverse_events -> visits (visit_id));
diesel::joinable!(adverse_events -> treatment_episodes (episode_id));
diesel::joinable!(adverse_events -> imports (import_id));
diesel::joinable!(vaccinations -> centers (center_id));
diesel::joinable!(vaccinations -> patients (patient_id));
diesel::joinable!(comorbidities -> centers (center_id));
diesel::joinable!(comorbidities -> patients (patient_id));
diesel::joinable!(data_queries -> centers (center_id));
diesel::joinable!(data_queries -> patients (patient_id));
diesel::joinable!(data_queries -> users (raised_by));
diesel::joinable!(export_jobs -> users (requested_by));

diesel::allow_tables_to_appear_in_same_query!(
    centers,
    users,
    imports,
    patients,
    treatment_episodes,
    dose_changes,
    interruptions,
    visits,
    lab_results,
    adverse_events,
    vaccinations,
    comorbidities,
    data_queries,
    audit_events,
    audit_heads,
    idempotency_records,
    export_jobs,
    revoked_tokens,
);
