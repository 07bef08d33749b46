package org.guardian.orchestrator.operations;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuardianDemoDataIT {
    private final GuardianFixture fixture = new GuardianFixture().withPatients(300);

    @Test
    void generatesPatientsWithClinicalRecordsDocumentsAndRelationships() {
        assertThat(fixture.count("SELECT COUNT(*) FROM public.patients")).isEqualTo(300);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.patient_medications")).isPositive();
        assertThat(fixture.count("SELECT COUNT(*) FROM public.patient_conditions")).isGreaterThanOrEqualTo(300);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.document_processing_stages"))
                .isEqualTo(3 * fixture.count("SELECT COUNT(*) FROM public.documents"));
        assertThat(fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships")).isPositive();
    }

    @Test
    void leavesSomeRelationshipsOrphaned() {
        assertThat(fixture.count("SELECT COUNT(DISTINCT relationship_id) FROM public.orphaned_relationships")).isPositive();
    }

    @Test
    void spreadsAuditRowsOverMoreYearsThanTheRetention() {
        assertThat(fixture.count("SELECT COUNT(*) FROM public.audit_log WHERE audit_date < current_date - INTERVAL '7 years'"))
                .isPositive();
    }

    @Test
    void queuesEveryNewPatientForADashboardRefresh() {
        assertThat(fixture.count("SELECT COUNT(*) FROM public.cache_invalidation_queue")).isEqualTo(300);
    }
}
