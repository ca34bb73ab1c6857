//! The database schema, one `table!` per table, shared by both backends.
//!
//! Written by hand to match `migrations/{sqlite,postgres}`; a test in this crate runs the
//! migrations and selects every column so a mismatch fails.

diesel::table! {
    business_units (id) {
        id -> Text,
        name -> Text,
        parent_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        full_name -> Text,
        job_title -> Nullable<Text>,
        phone -> Nullable<Text>,
        mobile_phone -> Nullable<Text>,
        business_unit_id -> Text,
        manager_id -> Nullable<Text>,
        is_active -> Bool,
        password_hash -> Nullable<Text>,
        last_sign_in_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        address_line1 -> Nullable<Text>,
        address_line2 -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        country -> Nullable<Text>,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    roles (id) {
        id -> Text,
        name -> Text,
        description -> Nullable<Text>,
        business_unit_id -> Text,
        is_system_admin -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    role_privileges (role_id, entity, action) {
        role_id -> Text,
        entity -> Text,
        action -> Text,
        depth -> Text,
    }
}

diesel::table! {
    user_roles (user_id, role_id) {
        user_id -> Text,
        role_id -> Text,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text,
        name -> Text,
        account_number -> Nullable<Text>,
        relationship_type -> Nullable<Text>,
        industry -> Nullable<Text>,
        employees -> Nullable<BigInt>,
        annual_revenue -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        website -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        fax -> Nullable<Text>,
        address_line1 -> Nullable<Text>,
        address_line2 -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        country -> Nullable<Text>,
        description -> Nullable<Text>,
        parent_account_id -> Nullable<Text>,
        primary_contact_id -> Nullable<Text>,
        external_id -> Nullable<Text>,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    contacts (id) {
        id -> Text,
        salutation -> Nullable<Text>,
        first_name -> Nullable<Text>,
        last_name -> Text,
        full_name -> Text,
        job_title -> Nullable<Text>,
        department -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        mobile_phone -> Nullable<Text>,
        address_line1 -> Nullable<Text>,
        address_line2 -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        country -> Nullable<Text>,
        birthdate -> Nullable<Date>,
        description -> Nullable<Text>,
        preferred_contact_method -> Nullable<Text>,
        do_not_email -> Bool,
        do_not_phone -> Bool,
        do_not_bulk_email -> Bool,
        account_id -> Nullable<Text>,
        external_id -> Nullable<Text>,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    changes (seq) {
        seq -> BigInt,
        entity -> Text,
        record_id -> Text,
        operation -> Text,
        fields -> Text,
        actor_id -> Nullable<Text>,
        owner_id -> Nullable<Text>,
        business_unit_id -> Nullable<Text>,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (caller_id, key) {
        caller_id -> Text,
        key -> Text,
        request_hash -> Text,
        status_code -> Integer,
        location -> Nullable<Text>,
        response_body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    teams (id) {
        id -> Text,
        name -> Text,
        description -> Nullable<Text>,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    team_members (team_id, user_id) {
        team_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    team_roles (team_id, role_id) {
        team_id -> Text,
        role_id -> Text,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    security_events (seq) {
        seq -> BigInt,
        kind -> Text,
        user_id -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        ip -> Nullable<Text>,
        details -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::joinable!(users -> business_units (business_unit_id));
diesel::joinable!(team_members -> teams (team_id));
diesel::joinable!(team_members -> users (user_id));
diesel::joinable!(team_roles -> teams (team_id));
diesel::joinable!(team_roles -> roles (role_id));
diesel::joinable!(teams -> business_units (business_unit_id));
diesel::joinable!(api_keys -> users (user_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(user_roles -> roles (role_id));
diesel::joinable!(role_privileges -> roles (role_id));
diesel::joinable!(contacts -> accounts (account_id));

diesel::table! {
    picklist_values (id) {
        id -> Text,
        entity -> Text,
        field -> Text,
        value -> Text,
        label -> Text,
        sort_order -> BigInt,
        is_active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    leads (id) {
        id -> Text,
        subject -> Nullable<Text>,
        salutation -> Nullable<Text>,
        first_name -> Nullable<Text>,
        last_name -> Nullable<Text>,
        full_name -> Text,
        company_name -> Nullable<Text>,
        job_title -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        mobile_phone -> Nullable<Text>,
        website -> Nullable<Text>,
        address_line1 -> Nullable<Text>,
        address_line2 -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        country -> Nullable<Text>,
        industry -> Nullable<Text>,
        employees -> Nullable<BigInt>,
        source -> Nullable<Text>,
        rating -> Nullable<Text>,
        budget_amount -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        is_decision_maker -> Nullable<Bool>,
        need -> Nullable<Text>,
        decision_timeline -> Nullable<Text>,
        description -> Nullable<Text>,
        status -> Text,
        disqualification_reason -> Nullable<Text>,
        disqualification_note -> Nullable<Text>,
        status_changed_at -> Timestamp,
        last_touched_at -> Nullable<Timestamp>,
        import_batch_id -> Nullable<Text>,
        qualified_account_id -> Nullable<Text>,
        qualified_contact_id -> Nullable<Text>,
        qualified_opportunity_id -> Nullable<Text>,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    import_batches (id) {
        id -> Text,
        entity -> Text,
        source -> Nullable<Text>,
        status -> Text,
        total_lines -> BigInt,
        created_count -> BigInt,
        rejected_count -> BigInt,
        duplicate_count -> BigInt,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    lead_import_rows (batch_id, line) {
        batch_id -> Text,
        line -> BigInt,
        id -> Text,
        subject -> Nullable<Text>,
        salutation -> Nullable<Text>,
        first_name -> Nullable<Text>,
        last_name -> Nullable<Text>,
        full_name -> Text,
        company_name -> Nullable<Text>,
        job_title -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        mobile_phone -> Nullable<Text>,
        website -> Nullable<Text>,
        address_line1 -> Nullable<Text>,
        address_line2 -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        country -> Nullable<Text>,
        industry -> Nullable<Text>,
        employees -> Nullable<BigInt>,
        source -> Nullable<Text>,
        rating -> Nullable<Text>,
        budget_amount -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        is_decision_maker -> Nullable<Bool>,
        need -> Nullable<Text>,
        decision_timeline -> Nullable<Text>,
        description -> Nullable<Text>,
        status -> Text,
        disqualification_reason -> Nullable<Text>,
        disqualification_note -> Nullable<Text>,
        status_changed_at -> Timestamp,
        last_touched_at -> Nullable<Timestamp>,
        import_batch_id -> Nullable<Text>,
        qualified_account_id -> Nullable<Text>,
        qualified_contact_id -> Nullable<Text>,
        qualified_opportunity_id -> Nullable<Text>,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        email_key -> Nullable<Text>,
    }
}

diesel::table! {
    change_import_rows (batch_id, line) {
        batch_id -> Text,
        line -> BigInt,
        record_id -> Text,
        fields -> Text,
    }
}

diesel::table! {
    sales_stages (id) {
        id -> Text,
        value -> Text,
        label -> Text,
        sort_order -> BigInt,
        default_probability -> BigInt,
        is_active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    competitors (id) {
        id -> Text,
        name -> Text,
        website -> Nullable<Text>,
        strengths -> Nullable<Text>,
        weaknesses -> Nullable<Text>,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    opportunities (id) {
        id -> Text,
        name -> Text,
        account_id -> Nullable<Text>,
        contact_id -> Nullable<Text>,
        description -> Nullable<Text>,
        estimated_revenue -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        estimated_close_date -> Nullable<Date>,
        stage -> Text,
        probability -> BigInt,
        status -> Text,
        actual_revenue -> Nullable<BigInt>,
        actual_close_date -> Nullable<Date>,
        loss_reason -> Nullable<Text>,
        winning_competitor_id -> Nullable<Text>,
        stage_changed_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        originating_lead_id -> Nullable<Text>,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    opportunity_key_people (opportunity_id, contact_id) {
        opportunity_id -> Text,
        contact_id -> Text,
        role -> Nullable<Text>,
        position -> BigInt,
    }
}

diesel::table! {
    opportunity_competitors (opportunity_id, competitor_id) {
        opportunity_id -> Text,
        competitor_id -> Text,
        position -> BigInt,
    }
}

diesel::table! {
    opportunity_revenue_splits (opportunity_id, user_id) {
        opportunity_id -> Text,
        user_id -> Text,
        share_percent -> BigInt,
        position -> BigInt,
    }
}

diesel::joinable!(leads -> business_units (business_unit_id));
diesel::joinable!(opportunities -> business_units (business_unit_id));

diesel::table! {
    activities (id) {
        id -> Text,
        activity_type -> Text,
        subject -> Text,
        description -> Nullable<Text>,
        status -> Text,
        priority -> Text,
        direction -> Nullable<Text>,
        regarding_type -> Nullable<Text>,
        regarding_id -> Nullable<Text>,
        due_at -> Nullable<Timestamp>,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        scheduled_at -> Timestamp,
        duration_minutes -> Nullable<BigInt>,
        location -> Nullable<Text>,
        phone_number -> Nullable<Text>,
        to_address -> Nullable<Text>,
        email_template_id -> Nullable<Text>,
        completed_at -> Nullable<Timestamp>,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    notes (id) {
        id -> Text,
        subject -> Nullable<Text>,
        body -> Nullable<Text>,
        regarding_type -> Text,
        regarding_id -> Text,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        note_id -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    email_templates (id) {
        id -> Text,
        name -> Text,
        entity -> Text,
        subject -> Text,
        body -> Text,
        description -> Nullable<Text>,
        is_active -> Bool,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    record_numbers (name) {
        name -> Text,
        last_value -> BigInt,
    }
}

diesel::table! {
    queues (id) {
        id -> Text,
        name -> Text,
        description -> Nullable<Text>,
        is_escalation -> Bool,
        is_active -> Bool,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    queue_members (queue_id, user_id) {
        queue_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    routing_rules (id) {
        id -> Text,
        name -> Text,
        sort_order -> BigInt,
        is_active -> Bool,
        conditions -> Text,
        queue_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    sla_policies (id) {
        id -> Text,
        name -> Text,
        description -> Nullable<Text>,
        is_default -> Bool,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    sla_targets (policy_id, priority) {
        policy_id -> Text,
        priority -> Text,
        first_response_minutes -> BigInt,
        resolution_minutes -> BigInt,
    }
}

diesel::table! {
    contract_templates (id) {
        id -> Text,
        name -> Text,
        description -> Nullable<Text>,
        allotment_type -> Text,
        allotment -> BigInt,
        duration_days -> BigInt,
        sla_policy_id -> Nullable<Text>,
        is_active -> Bool,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    contracts (id) {
        id -> Text,
        number -> Text,
        name -> Text,
        description -> Nullable<Text>,
        template_id -> Nullable<Text>,
        account_id -> Nullable<Text>,
        contact_id -> Nullable<Text>,
        starts_on -> Date,
        ends_on -> Date,
        allotment_type -> Text,
        allotment_total -> BigInt,
        allotment_used -> BigInt,
        sla_policy_id -> Nullable<Text>,
        status -> Text,
        activated_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    cases (id) {
        id -> Text,
        number -> Text,
        title -> Text,
        description -> Nullable<Text>,
        account_id -> Nullable<Text>,
        contact_id -> Nullable<Text>,
        product -> Nullable<Text>,
        subject -> Nullable<Text>,
        case_type -> Nullable<Text>,
        origin -> Text,
        priority -> Text,
        severity -> Nullable<Text>,
        status -> Text,
        queue_id -> Nullable<Text>,
        worked_by_id -> Nullable<Text>,
        queued_at -> Nullable<Timestamp>,
        routing_rule_id -> Nullable<Text>,
        contract_id -> Nullable<Text>,
        entitlement -> Text,
        drawn_down -> Nullable<BigInt>,
        sla_policy_id -> Nullable<Text>,
        first_response_due_at -> Nullable<Timestamp>,
        resolve_by_at -> Nullable<Timestamp>,
        first_responded_at -> Nullable<Timestamp>,
        first_response_minutes -> Nullable<BigInt>,
        first_response_breached -> Bool,
        resolution_breached -> Bool,
        paused_at -> Nullable<Timestamp>,
        paused_minutes -> BigInt,
        resolution -> Nullable<Text>,
        resolved_at -> Nullable<Timestamp>,
        resolution_minutes -> Nullable<BigInt>,
        cancelled_at -> Nullable<Timestamp>,
        is_escalated -> Bool,
        escalated_at -> Nullable<Timestamp>,
        escalation_reason -> Nullable<Text>,
        reactivation_count -> BigInt,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::joinable!(attachments -> notes (note_id));
diesel::table! {
    article_templates (id) {
        id -> Text,
        name -> Text,
        description -> Nullable<Text>,
        sections -> Text,
        is_active -> Bool,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    knowledge_articles (id) {
        id -> Text,
        number -> Text,
        root_article_id -> Text,
        version_number -> BigInt,
        is_latest_version -> Bool,
        title -> Text,
        subject -> Nullable<Text>,
        keywords -> Text,
        sections -> Text,
        visibility -> Text,
        status -> Text,
        template_id -> Nullable<Text>,
        rejection_reason -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        submitted_by -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        published_by -> Nullable<Text>,
        archived_at -> Nullable<Timestamp>,
        use_count -> BigInt,
        owner_id -> Text,
        business_unit_id -> Text,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    knowledge_article_comments (id) {
        id -> Text,
        article_id -> Text,
        root_article_id -> Text,
        author_id -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    case_articles (case_id, root_article_id) {
        case_id -> Text,
        root_article_id -> Text,
        article_id -> Text,
        linked_by -> Text,
        linked_at -> Timestamp,
    }
}

diesel::joinable!(queue_members -> queues (queue_id));
diesel::joinable!(sla_targets -> sla_policies (policy_id));

diesel::allow_tables_to_appear_in_same_query!(
    business_units,
    users,
    roles,
    role_privileges,
    user_roles,
    refresh_tokens,
    accounts,
    contacts,
    changes,
    idempotency_keys,
    teams,
    team_members,
    team_roles,
    api_keys,
    security_events,
    picklist_values,
    leads,
    import_batches,
    lead_import_rows,
    change_import_rows,
    sales_stages,
    competitors,
    opportunities,
    opportunity_key_people,
    opportunity_competitors,
    opportunity_revenue_splits,
    activities,
    notes,
    attachments,
    email_templates,
    record_numbers,
    queues,
    queue_members,
    routing_rules,
    sla_policies,
    sla_targets,
    contract_templates,
    contracts,
    cases,
    article_templates,
    knowledge_articles,
    knowledge_article_comments,
    case_articles,
);
