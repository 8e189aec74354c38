"""A stand-in for whatsmeow behind neonize's Go boundary.

neonize's Python layer calls functions of its Go library (``SendMessage``, ``Upload``, …) with
serialized protobufs and reads serialized protobufs back. This object answers those calls the way
the library does, so operations run through neonize's real Python code without a network. Every
call is recorded with its decoded arguments.
"""

from __future__ import annotations

import hashlib
from typing import Any

from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import Message, PollVoteMessage

SENT_AT = 1_700_000_500  # seconds, as whatsmeow's send responses carry it


def _bytes(message: Any) -> bytes:
    data: bytes = message.SerializePartialToString()
    return data


class FakeWhatsmeow:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.send_error = ""
        self.download_error = ""
        self.groups: dict[str, N.GroupInfo] = {}
        self.on_whatsapp: dict[str, str] = {}  # number -> JID user
        self.contacts: list[N.Contact] = []
        self.users: dict[str, N.UserInfo] = {}
        self.participant_errors: dict[str, int] = {}
        self.blocked: dict[str, N.JID] = {}
        self.poll_votes: dict[str, list[str]] = {}  # vote message id -> option names chosen
        self.profile_error = ""
        self._ids = 0

    def sent(self) -> list[tuple[N.JID, Message]]:
        return [args for name, args in self.calls if name == "SendMessage"]

    def _next_id(self) -> str:
        self._ids += 1
        return f"3EB0FAKE{self._ids:04d}"

    # ---- messages ---------------------------------------------------------------------------

    def SendMessage(self, uuid: bytes, to: bytes, _: int, message: bytes, __: int) -> bytes:
        self.calls.append(("SendMessage", (N.JID.FromString(to), Message.FromString(message))))
        if self.send_error:
            return _bytes(N.SendMessageReturnFunction(Error=self.send_error))
        response = N.SendResponse(ID=self._next_id(), Timestamp=SENT_AT, ServerID=7)
        return _bytes(N.SendMessageReturnFunction(SendResponse=response))

    def Upload(self, uuid: bytes, data: bytes, size: int, media_type: int) -> bytes:
        self.calls.append(("Upload", (data, media_type)))
        upload = N.UploadResponse(
            url="https://mmg.whatsapp.net/d/f/upload",
            DirectPath="/v/t62/upload",
            MediaKey=b"k" * 32,
            FileEncSHA256=b"e" * 32,
            FileSHA256=b"s" * 32,
            FileLength=size,
        )
        return _bytes(N.UploadReturnFunction(UploadResponse=upload))

    def MarkRead(
        self,
        uuid: bytes,
        ids: bytes,
        timestamp: int,
        chat: bytes,
        _: int,
        sender: bytes,
        __: int,
        receipt: bytes,
    ) -> bytes:
        self.calls.append(
            (
                "MarkRead",
                (
                    ids.decode().split(" "),
                    N.JID.FromString(chat),
                    N.JID.FromString(sender),
                    receipt,
                ),
            )
        )
        return b""

    def DownloadMediaWithPath(self, uuid: bytes, path: bytes, *args: Any) -> bytes:
        enc, _, file_hash, _, key, _, length, media_type, mms = args
        self.calls.append(
            ("DownloadMediaWithPath", (path.decode(), enc, file_hash, key, length, media_type, mms))
        )
        if self.download_error:
            return _bytes(N.DownloadReturnFunction(Error=self.download_error))
        return _bytes(N.DownloadReturnFunction(Binary=b"%PDF-1.4 the file"))

    def DecryptPollVote(self, uuid: bytes, event: bytes, _: int) -> bytes:
        vote_id = N.Message.FromString(event).Info.ID
        if vote_id not in self.poll_votes:
            return _bytes(N.ReturnFunctionWithError(Error="failed to decrypt poll vote"))
        hashes = [hashlib.sha256(name.encode()).digest() for name in self.poll_votes[vote_id]]
        vote = PollVoteMessage(selectedOptions=hashes)
        return _bytes(N.ReturnFunctionWithError(PollVoteMessage=vote))

    def SendPresence(self, uuid: bytes, presence: bytes) -> bytes:
        self.calls.append(("SendPresence", presence.decode()))
        return b""

    def SendChatPresence(self, uuid: bytes, jid: bytes, _: int, state: int, media: int) -> bytes:
        self.calls.append(("SendChatPresence", (N.JID.FromString(jid).User, state, media)))
        return b""

    def RejectCall(self, uuid: bytes, jid: bytes, _: int, call_id: Any) -> bytes:
        who = N.JID.FromString(jid)
        self.calls.append(("RejectCall", (f"{who.User}@{who.Server}", call_id.value.decode())))
        return b""

    def UpdateBlocklist(self, uuid: bytes, jid: bytes, _: int, action: bytes) -> bytes:
        who = N.JID.FromString(jid)
        self.calls.append(("UpdateBlocklist", (who.User, action.decode())))
        if action == b"block":
            self.blocked[who.User] = who
        else:
            self.blocked.pop(who.User, None)
        blocklist = N.Blocklist(JIDs=list(self.blocked.values()))
        return _bytes(N.GetBlocklistReturnFunction(Blocklist=blocklist))

    # ---- own profile ------------------------------------------------------------------------

    def SetPushName(self, uuid: bytes, name: bytes) -> bytes:
        self.calls.append(("SetPushName", name.decode()))
        return self.profile_error.encode()

    def SetStatusMessage(self, uuid: bytes, text: bytes) -> bytes:
        self.calls.append(("SetStatusMessage", text.decode()))
        return self.profile_error.encode()

    def SetProfilePhoto(self, uuid: bytes, photo: bytes, size: int) -> bytes:
        self.calls.append(("SetProfilePhoto", photo[:size]))
        if self.profile_error:
            return _bytes(N.SetGroupPhotoReturnFunction(Error=self.profile_error))
        return _bytes(N.SetGroupPhotoReturnFunction(PictureID="1700000900"))

    # ---- directory --------------------------------------------------------------------------

    def IsOnWhatsApp(self, uuid: bytes, numbers: bytes, _: int) -> bytes:
        queries = numbers.decode().split(" ")
        self.calls.append(("IsOnWhatsApp", queries))
        answers = []
        for query in queries:
            user = self.on_whatsapp.get(query.lstrip("+"))
            answers.append(
                N.IsOnWhatsAppResponse(
                    Query=query,
                    IsIn=user is not None,
                    JID=N.JID(User=user or "", Server="s.whatsapp.net"),
                )
            )
        return _bytes(N.IsOnWhatsAppReturnFunction(IsOnWhatsAppResponse=answers))

    def GetUserInfo(self, uuid: bytes, jids: bytes, _: int) -> bytes:
        asked = list(N.JIDArray.FromString(jids).JIDS)
        found = [
            N.GetUserInfoSingleReturnFunction(JID=j, UserInfo=self.users[j.User])
            for j in asked
            if j.User in self.users
        ]
        return _bytes(N.GetUserInfoReturnFunction(UsersInfo=found))

    def GetContact(self, uuid: bytes, jid: bytes, _: int) -> bytes:
        user = N.JID.FromString(jid).User
        for contact in self.contacts:
            if contact.JID.User == user:
                return _bytes(N.ContactsGetContactReturnFunction(ContactInfo=contact.Info))
        return _bytes(N.ContactsGetContactReturnFunction(ContactInfo=N.ContactInfo(Found=False)))

    def GetAllContacts(self, uuid: bytes) -> bytes:
        return _bytes(N.ContactsGetAllContactsReturnFunction(Contact=self.contacts))

    def GetProfilePicture(self, uuid: bytes, jid: bytes, _: int, extra: bytes, __: int) -> bytes:
        user = N.JID.FromString(jid).User
        if user not in self.users:
            return _bytes(N.GetProfilePictureReturnFunction(Error="item-not-found"))
        picture = N.ProfilePictureInfo(URL=f"https://pps.whatsapp.net/{user}.jpg")
        return _bytes(N.GetProfilePictureReturnFunction(Picture=picture))

    def GetLIDFromPN(self, uuid: bytes, jid: bytes, _: int) -> bytes:
        user = N.JID.FromString(jid).User
        return _bytes(N.GetJIDFromStoreReturnFunction(Jid=N.JID(User=f"9{user}", Server="lid")))

    # ---- groups -----------------------------------------------------------------------------

    def GenerateMessageID(self, uuid: bytes) -> bytes:
        return self._next_id().encode()

    def CreateGroup(self, uuid: bytes, request: bytes, _: int) -> bytes:
        asked = N.ReqCreateGroup.FromString(request)
        self.calls.append(("CreateGroup", asked))
        group = N.GroupInfo(
            JID=N.JID(User="120363000000000099", Server="g.us"),
            OwnerJID=N.JID(User="34600000001", Server="s.whatsapp.net"),
            GroupName=N.GroupName(Name=asked.name),
            GroupCreated=1_700_000_000,
            Participants=[
                N.GroupParticipant(JID=N.JID(User=f"9{p.User}", Server="lid"), PhoneNumber=p)
                for p in asked.Participants
            ],
        )
        self.groups[group.JID.User] = group
        return _bytes(N.GetGroupInfoReturnFunction(GroupInfo=group))

    def GetGroupInfo(self, uuid: bytes, jid: bytes, _: int) -> bytes:
        user = N.JID.FromString(jid).User
        if user not in self.groups:
            return _bytes(N.GetGroupInfoReturnFunction(Error="item-not-found"))
        return _bytes(N.GetGroupInfoReturnFunction(GroupInfo=self.groups[user]))

    def GetJoinedGroups(self, uuid: bytes) -> bytes:
        return _bytes(N.GetJoinedGroupsReturnFunction(Group=list(self.groups.values())))

    def SetGroupName(self, uuid: bytes, jid: bytes, _: int, name: Any) -> bytes:
        self.calls.append(("SetGroupName", (N.JID.FromString(jid).User, name.value.decode())))
        return b""

    def SetGroupTopic(
        self, uuid: bytes, jid: bytes, _: int, previous: bytes, new: bytes, topic: bytes
    ) -> bytes:
        self.calls.append(("SetGroupTopic", (previous.decode(), new.decode(), topic.decode())))
        return b""

    def SetGroupAnnounce(self, uuid: bytes, jid: bytes, _: int, value: bool) -> bytes:
        self.calls.append(("SetGroupAnnounce", value))
        return b""

    def SetGroupLocked(self, uuid: bytes, jid: bytes, _: int, value: bool) -> bytes:
        self.calls.append(("SetGroupLocked", value))
        return b""

    def UpdateGroupParticipants(
        self, uuid: bytes, jid: bytes, _: int, jids: bytes, __: int, action: bytes
    ) -> bytes:
        people = list(N.JIDArray.FromString(jids).JIDS)
        self.calls.append(("UpdateGroupParticipants", ([p.User for p in people], action.decode())))
        changed = [
            N.GroupParticipant(JID=p, Error=self.participant_errors.get(p.User, 0)) for p in people
        ]
        return _bytes(N.UpdateGroupParticipantsReturnFunction(participants=changed))

    def GetGroupInviteLink(self, uuid: bytes, jid: bytes, _: int, revoke: bool) -> bytes:
        code = "NEWCODE" if revoke else "CODE"
        link = f"https://chat.whatsapp.com/{code}"
        return _bytes(N.GetGroupInviteLinkReturnFunction(InviteLink=link))

    def JoinGroupWithLink(self, uuid: bytes, code: bytes) -> bytes:
        self.calls.append(("JoinGroupWithLink", code.decode()))
        jid = N.JID(User="120363000000000077", Server="g.us")
        return _bytes(N.JoinGroupWithLinkReturnFunction(Jid=jid))

    def LeaveGroup(self, uuid: bytes, jid: bytes, _: int) -> bytes:
        self.calls.append(("LeaveGroup", N.JID.FromString(jid).User))
        return b""
