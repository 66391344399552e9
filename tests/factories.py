import factory
from django.contrib.auth.models import Group

from portal.models import Membership, MembershipRole, Provider, ProviderKind, User
from portal.roles import MODERATORS_GROUP
from submissions.models import Postcode, TaxonomyTerm, Vocabulary

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ModeratorFactory(UserFactory):
    @factory.post_generation
    def council_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n}")
    kind = ProviderKind.COMMUNITY_SCHOOL
    urn = factory.Sequence(lambda n: str(900000 + n))
    town = "Durham"
    postcode = "DH1 5UQ"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    provider = factory.SubFactory(ProviderFactory)
    role = MembershipRole.OWNER


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode
        django_get_or_create = ["postcode"]

    postcode = "DH1 5UQ"
    latitude = 54.7761
    longitude = -1.5733


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm
        django_get_or_create = ["vocabulary", "code"]

    vocabulary = Vocabulary.NEED
    code = factory.Sequence(lambda n: f"NEED{n}")
    name = factory.Sequence(lambda n: f"Need {n}")
