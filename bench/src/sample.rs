//! A `PublicConversationsMessage` as HubSpot sends it: every field of the message filled, the
//! attachment kinds a WhatsApp integration meets, and a text long enough to make the whole
//! document about 2.3 KB.

use serde_json::{json, Value};

/// The size the figures were taken at.
pub const TARGET_BYTES: usize = 2_300;

/// The message as JSON bytes, `TARGET_BYTES` long give or take a sentence.
pub fn message_json() -> Vec<u8> {
    let sentence = "Hi! Could you confirm the delivery window for order 48213? I'll be out until 6 pm. ";
    let mut text = String::new();
    loop {
        let bytes = serialize(&message(&text));
        if bytes.len() + sentence.len() > TARGET_BYTES {
            return bytes;
        }
        text.push_str(sentence);
    }
}

fn serialize(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

fn message(text: &str) -> Value {
    json!({
        "id": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "type": "MESSAGE",
        "archived": false,
        "channelId": "1013",
        "channelAccountId": "90012345",
        "conversationsThreadId": "7766554433",
        "createdAt": "2026-11-20T09:15:42.123Z",
        "updatedAt": "2026-11-20T09:15:43.456Z",
        "createdBy": "V-8123456",
        "direction": "INCOMING",
        "truncationStatus": "NOT_TRUNCATED",
        "inReplyToId": "f0e1d2c3b4a5968778695a4b3c2d1e0f",
        "subject": "Delivery window",
        "text": text,
        "richText": format!("<p>{text}</p>"),
        "client": { "clientType": "INTEGRATION", "integrationAppId": 2_345_678 },
        "status": { "statusType": "RECEIVED" },
        "senders": [{
            "actorId": "V-8123456",
            "name": "Maria Fernández",
            "senderField": "FROM",
            "deliveryIdentifier": { "type": "HS_PHONE_NUMBER", "value": "+34600123456" }
        }],
        "recipients": [{
            "actorId": "I-90012345",
            "name": "Acme Support",
            "recipientField": "TO",
            "deliveryIdentifier": { "type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "acme-support-whatsapp" }
        }],
        "attachments": [
            {
                "type": "FILE",
                "fileId": "184467440737",
                "fileUsageType": "IMAGE",
                "name": "order-48213.jpg",
                "url": "https://files.example.com/hubfs/184467440737/order-48213.jpg"
            },
            {
                "type": "LOCATION",
                "latitude": 40.416_775,
                "longitude": -3.703_790,
                "name": "Puerta del Sol",
                "address": "Plaza de la Puerta del Sol, 28013 Madrid",
                "url": "https://maps.example.com/?q=40.416775,-3.703790"
            },
            {
                "type": "QUICK_REPLIES",
                "allowMultiSelect": false,
                "allowUserInput": true,
                "quickReplies": [
                    { "label": "Morning", "value": "slot-am", "valueType": "TEXT" },
                    { "label": "Afternoon", "value": "slot-pm", "valueType": "TEXT" },
                    { "label": "Track order", "value": "https://track.example.com/48213", "valueType": "URL" }
                ]
            },
            { "type": "MESSAGE_HEADER", "fileId": 184_467_440_738_i64, "text": "Order 48213" }
        ]
    })
}
