package io.lambdasuite.udfs.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Real-shaped Sequin CDC messages for tests: the envelope Sequin's Kafka sink writes (record, changes, action,
 * metadata with the fields Sequin sends, including ones the parser ignores), one per table. Tests start from a
 * valid message and change one thing with {@link Message#with}.
 */
final class SequinMessages {
    static final ObjectMapper JSON = new ObjectMapper();

    /** updatedAt of every sample record: 2024-05-01T10:15:31.654Z. */
    static final long UPDATED_AT = 1_714_558_531_654L;
    /** commit_timestamp of every sample envelope: 2024-05-01T10:15:32.001Z. */
    static final long COMMIT_TS = 1_714_558_532_001L;
    /** commit_lsn of every sample envelope, as an integer. */
    static final long LSN = 309_018_972_104L;

    private SequinMessages() {}

    private static final String METADATA = """
            "metadata": {
              "table_schema": "public",
              "table_name": "%s",
              "commit_timestamp": "2024-05-01T10:15:32.001234Z",
              "commit_lsn": 309018972104,
              "commit_idx": 3,
              "idempotency_key": "MzA5MDE4OTcyMTA0OjM=",
              "transaction_annotations": null,
              "database_name": "crowd-web",
              "consumer": {"id": "5c1f3a1e-8d0c-4b2e-9f4f-6f0a5b7e2c11", "name": "lambda-%s", "annotations": null}
            }""";

    static Message activityInsert() {
        return new Message("""
                {
                  "record": {
                    "activityId": "5d3c1a7e-2f9b-4c1e-9a61-0b8f3e2d7c11",
                    "conversationId": null,
                    "createdAt": "2024-05-01T10:15:30.123456Z",
                    "updatedAt": "2024-05-01T10:15:31.654321Z",
                    "deletedAt": null,
                    "memberId": "0f6e5a4b-1c2d-4e3f-8a9b-7c6d5e4f3a21",
                    "objectMemberId": null,
                    "objectMemberUsername": null,
                    "organizationId": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
                    "parentId": null,
                    "platform": "github",
                    "segmentId": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
                    "username": "octocat",
                    "sourceId": "PR_kwDOAbc123",
                    "type": "pull_request-opened",
                    "timestamp": "2024-04-30 22:01:02+00",
                    "sourceParentId": "",
                    "channel": "https://github.com/octo/hello",
                    "sentimentScore": 72,
                    "gitInsertions": 120,
                    "gitDeletions": 30,
                    "score": 4,
                    "isContribution": true,
                    "pullRequestReviewState": null,
                    "createdById": null
                  },
                  "changes": null,
                  "action": "insert",
                """ + METADATA.formatted("activityRelations", "activities") + "\n}");
    }

    static Message member() {
        return new Message("""
                {
                  "record": {
                    "id": "0f6e5a4b-1c2d-4e3f-8a9b-7c6d5e4f3a21",
                    "displayName": "Mona Octocat",
                    "attributes": {
                      "isBot": {"github": true, "default": true},
                      "isTeamMember": {"default": false},
                      "location": {"github": "San Francisco", "default": "San Francisco"}
                    },
                    "emails": ["mona@example.com"],
                    "joinedAt": "2019-01-01T00:00:00Z",
                    "createdAt": "2020-02-02T02:02:02Z",
                    "updatedAt": "2024-05-01T10:15:31.654Z",
                    "deletedAt": null
                  },
                  "changes": null,
                  "action": "insert",
                """ + METADATA.formatted("members", "members") + "\n}");
    }

    static Message organization() {
        return new Message("""
                {
                  "record": {
                    "id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
                    "displayName": "Acme Inc.",
                    "country": "",
                    "location": "Lagos, Nigeria",
                    "website": "https://acme.example",
                    "employees": 120,
                    "updatedAt": "2024-05-01T10:15:31.654Z"
                  },
                  "changes": null,
                  "action": "insert",
                """ + METADATA.formatted("organizations", "organizations") + "\n}");
    }

    static Message segment() {
        return new Message("""
                {
                  "record": {
                    "id": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
                    "slug": "hello",
                    "name": "Hello",
                    "status": "active",
                    "parentId": "11111111-1111-4111-8111-111111111111",
                    "grandparentId": "22222222-2222-4222-8222-222222222222",
                    "sourceId": null,
                    "updatedAt": "2024-05-01T10:15:31.654Z"
                  },
                  "changes": null,
                  "action": "insert",
                """ + METADATA.formatted("segments", "segments") + "\n}");
    }

    static Message repository() {
        return new Message("""
                {
                  "record": {
                    "id": "33333333-3333-4333-8333-333333333333",
                    "url": "https://github.com/octo/hello",
                    "segmentId": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
                    "enabled": true,
                    "excluded": false,
                    "archived": false,
                    "deletedAt": null,
                    "updatedAt": "2024-05-01T10:15:31.654Z"
                  },
                  "changes": null,
                  "action": "insert",
                """ + METADATA.formatted("repositories", "repositories") + "\n}");
    }

    /** One envelope as a mutable JSON tree. */
    static final class Message {
        final ObjectNode root;

        Message(String json) {
            try {
                root = (ObjectNode) JSON.readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }

        ObjectNode record() {
            return (ObjectNode) root.get("record");
        }

        ObjectNode metadata() {
            return (ObjectNode) root.get("metadata");
        }

        Message with(Consumer<Message> change) {
            change.accept(this);
            return this;
        }

        Message action(String action) {
            root.put("action", action);
            return this;
        }

        Message set(String column, String value) {
            record().put(column, value);
            return this;
        }

        Message without(String column) {
            record().remove(column);
            return this;
        }

        byte[] bytes() {
            return toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return root.toString();
        }
    }
}
