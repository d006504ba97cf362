"""Request fields every API of ours reads the same way."""

from rest_framework import serializers


class StringField(serializers.CharField):
    """A JSON string, as the schema says: DRF's CharField would also take 42 and store "42"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
