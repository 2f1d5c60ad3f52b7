"""Work safety: a worked example of every hook, one module per hook.

``docs/plugins.md`` includes each module, and ``tests/test_docs.py`` loads this package as a
plugin and checks every hook through the core. A real plugin is announced through the
``portal.plugins`` entry point; its name (here ``worksafe``) prefixes its blueprint, its
templates' folder, its tables and its keys.
"""

from .api_blueprints import portal_api_blueprints
from .assessment_forms import portal_assessment_forms
from .assessment_submitted import portal_assessment_submitted
from .attachment_targets import portal_attachment_targets
from .blueprints import portal_blueprints
from .checkpoint_closed import portal_checkpoint_closed
from .checkpoint_opened import portal_checkpoint_opened
from .cli_commands import portal_cli_commands
from .client_created import portal_client_created
from .client_panels import portal_client_panels
from .client_progress import portal_client_progress
from .client_tasks import portal_client_tasks
from .dashboard_widgets import portal_dashboard_widgets
from .demo_data import portal_demo_data
from .demo_scale import portal_demo_scale
from .evidence_items import portal_evidence_items
from .export_columns import portal_export_columns
from .figure_shares import portal_figure_shares
from .nav_items import portal_nav_items
from .onboarding_templates import portal_onboarding_templates
from .outcome_recorded import portal_outcome_recorded
from .personal_data import portal_personal_data
from .placement_ended import portal_placement_ended
from .placement_started import portal_placement_started
from .report_widgets import portal_report_widgets
from .review_agenda import portal_review_agenda
from .risk_signal_queries import portal_risk_signal_queries
from .skill_requirements import portal_skill_requirements
from .supervisor_queue import portal_supervisor_queue
from .user_created import portal_user_created

__all__ = [
    "portal_api_blueprints",
    "portal_assessment_forms",
    "portal_assessment_submitted",
    "portal_attachment_targets",
    "portal_blueprints",
    "portal_checkpoint_closed",
    "portal_checkpoint_opened",
    "portal_cli_commands",
    "portal_client_created",
    "portal_client_panels",
    "portal_client_progress",
    "portal_client_tasks",
    "portal_dashboard_widgets",
    "portal_demo_data",
    "portal_demo_scale",
    "portal_evidence_items",
    "portal_export_columns",
    "portal_figure_shares",
    "portal_nav_items",
    "portal_onboarding_templates",
    "portal_outcome_recorded",
    "portal_personal_data",
    "portal_placement_ended",
    "portal_placement_started",
    "portal_report_widgets",
    "portal_review_agenda",
    "portal_risk_signal_queries",
    "portal_skill_requirements",
    "portal_supervisor_queue",
    "portal_user_created",
]
