"""The virtual phone: ``/api/sandbox`` routes that play the phones and the outside world the
sandbox engine connects sessions to (link, write as a contact, receipts, network trouble)."""
