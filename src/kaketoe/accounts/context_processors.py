from kaketoe.cases import access


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "membership": access.membership_of(user),
        "can_read_audit": access.can_read_audit(user),
        "can_create_family": access.can_create_family(user),
        "can_manage_organisation": access.can_manage_organisation(user),
        "can_see_cohort": access.can_see_cohort(user),
        "can_break_glass": access.can_break_glass(user),
    }
