package dev.lineage.internal.s3;

import dev.lineage.StorageException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** S3's XML, parsed with no DTDs and no external entities. */
public final class S3XmlAccess {
  private S3XmlAccess() {}

  public static Document parse(byte[] xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      return b.parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new StorageException("unreadable S3 response: " + e.getMessage(), e);
    }
  }

  public static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
  }

  public static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && ((Element) n).getTagName().equals(tag)) {
        out.add((Element) n);
      }
    }
    return out;
  }

  /** The error code and request id of an S3 error body, or nulls. */
  public static String[] error(byte[] body) {
    if (body == null || body.length == 0) {
      return new String[] {null, null};
    }
    try {
      Element root = parse(body).getDocumentElement();
      return new String[] {text(root, "Code"), text(root, "RequestId")};
    } catch (StorageException notXml) {
      return new String[] {null, null};
    }
  }
}
