"""Protobuf wire format by hand: varints and keys for raw tails, and a top-level field parser."""


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire_type):
    return varint((field << 3) | wire_type)


# Field 1999 is unused in every Mesos version; appended raw after the message.
UNKNOWN_TAIL = (
    key(1999, 2) + varint(len(b"from-the-future")) + b"from-the-future"
    + key(1999, 0) + varint(42)
)


def top_level_fields(data):
    """(field, wire_type, start, payload_start, end) for each top-level field."""
    out, i = [], 0
    while i < len(data):
        start = i
        tag, shift = 0, 0
        while True:
            b = data[i]
            i += 1
            tag |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        field, wt = tag >> 3, tag & 7
        if wt == 0:
            while data[i] & 0x80:
                i += 1
            i += 1
            out.append((field, wt, start, start, i))
        elif wt == 2:
            length, shift = 0, 0
            while True:
                b = data[i]
                i += 1
                length |= (b & 0x7F) << shift
                shift += 7
                if not b & 0x80:
                    break
            out.append((field, wt, start, i, i + length))
            i += length
        elif wt == 1:
            out.append((field, wt, start, i, i + 8))
            i += 8
        elif wt == 5:
            out.append((field, wt, start, i, i + 4))
            i += 4
        else:
            raise ValueError("unexpected wire type %d" % wt)
    return out
