from django import template

from portal.formatting import age_range_text

register = template.Library()
register.simple_tag(age_range_text, name="age_range")
